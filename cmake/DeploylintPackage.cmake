# The Debian package: `cpack -G DEB` in a build directory (the self-contained
# build, -DDL_STATIC=ON, gives a package that depends only on libc6; a
# shared build gets its library dependencies from dpkg-shlibdeps).
# Places: /usr/bin/deploylint, /usr/share/man/man1/deploylint.1.gz,
# /usr/share/doc/deploylint/{README.md,copyright}, and the bash, zsh
# (vendor-completions) and fish completions. Included at the end of
# CMakeLists.txt, after every install() rule.
include(GNUInstallDirs)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/tools/packaging/copyright
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/deploylint)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME deploylint)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR deploylint)
set(CPACK_PACKAGE_CONTACT "deploylint <${DL_HOMEPAGE}/issues>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Linter for the deploy configuration of Python web backends")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "deploylint reads a FastAPI/Flask + SQLAlchemy + Alembic repository and
reports, with file, line and column, what will break its deploy on Render
(Alembic heads, render.yaml, .env files, requirements, Python version) or
leak a secret. Output as text, JSON, SARIF or GitHub annotations.")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${DL_HOMEPAGE})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build[^/]*/" "/\\\\.git/")
# Debian keeps manual pages gzip-compressed (-n: no name or time stamp);
# CPACK_PRE_BUILD_SCRIPTS needs CMake 3.19 (Debian 12 has 3.25).
set(CPACK_PRE_BUILD_SCRIPTS ${CMAKE_SOURCE_DIR}/cmake/DeploylintPackageGzip.cmake)
include(CPack)
