#!/usr/bin/python3
"""Differential test: which database URL Alembic's online migrations use,
against ALM003/ALM004.

Each case is a small repository: alembic.ini keeps the template URL
`driver://user:pass@localhost/dbname`, env.py is one of the shapes below,
and one empty revision. The real Alembic runs `alembic upgrade head`
(online, as a Render deploy does) in the ini's folder with DATABASE_URL
pointing at a SQLite file. If env.py leaves alembic.ini's URL in place,
SQLAlchemy fails with "Can't load plugin: sqlalchemy.dialects:driver";
otherwise the upgrade runs against SQLite. deploylint must report ALM003 or
ALM004 for the location exactly when Alembic used the ini's URL.

    /usr/bin/python3 tests/alembic_url_diff.py --bin build/deploylint

Exit status: 0 when every case agrees, 1 on a disagreement, 2 on a setup
error.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HEAD = """from logging.config import fileConfig
import os

from sqlalchemy import engine_from_config, create_engine, pool

from alembic import context

config = context.config
target_metadata = None
"""

OFFLINE_INI = """

def run_migrations_offline():
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
"""

OFFLINE_ENV = """

def run_migrations_offline():
    url = os.environ["DATABASE_URL"]
    context.configure(url=url, target_metadata=target_metadata,
                      literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
"""

ONLINE_INI = """

def run_migrations_online():
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection,
                          target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
"""

TAIL = """

if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
"""

# name -> (env.py, extra files {path: text}); whether Alembic uses the
# ini's URL is what the run finds out, not written here
CASES = {
    "template": (HEAD + OFFLINE_INI + ONLINE_INI + TAIL, {}),
    "environ-set-main-option": (
        HEAD + 'config.set_main_option("sqlalchemy.url", '
        'os.environ["DATABASE_URL"].replace("%", "%%"))\n'
        + OFFLINE_INI + ONLINE_INI + TAIL, {}),
    "override-commented-out": (
        HEAD + '# config.set_main_option("sqlalchemy.url", '
        'os.environ["DATABASE_URL"])\n' + OFFLINE_INI + ONLINE_INI + TAIL,
        {}),
    "get-url-function": (
        HEAD + '\n\ndef get_url():\n    return os.getenv("DATABASE_URL")\n\n\n'
        'config.set_main_option("sqlalchemy.url", get_url())\n'
        + OFFLINE_INI + ONLINE_INI + TAIL, {}),
    "get-url-imported": (
        HEAD + 'from app.db import get_url\n'
        'config.set_main_option("sqlalchemy.url", get_url())\n'
        + OFFLINE_INI + ONLINE_INI + TAIL,
        {"app/__init__.py": "",
         "app/db.py": "import os\n\n\ndef get_url():\n"
                      "    return os.environ['DATABASE_URL']\n"}),
    "create-engine-settings": (
        HEAD + "from app.config import settings\n" + OFFLINE_INI + """

def run_migrations_online():
    connectable = create_engine(settings.DATABASE_URL)
    with connectable.connect() as connection:
        context.configure(connection=connection,
                          target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
""" + TAIL,
        {"app/__init__.py": "",
         "app/config.py": "import os\n\n\nclass Settings:\n"
                          "    DATABASE_URL = os.environ['DATABASE_URL']\n\n\n"
                          "settings = Settings()\n"}),
    "offline-only-override": (
        HEAD + OFFLINE_ENV + ONLINE_INI + TAIL, {}),
}

INI = """[alembic]
script_location = alembic
prepend_sys_path = .
sqlalchemy.url = driver://user:pass@localhost/dbname
"""

REVISION = '''"""empty

Revision ID: 1a2b3c4d5e6f
Revises:
"""
revision = "1a2b3c4d5e6f"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
'''


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def alembic_uses_ini_url(root):
    env = dict(os.environ, DATABASE_URL="sqlite:///%s" % os.path.join(
        root, "db.sqlite"), PYTHONDONTWRITEBYTECODE="1")
    p = subprocess.run([sys.executable, "-m", "alembic", "upgrade", "head"],
                       cwd=root, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode == 0:
        return False, err
    if "sqlalchemy.dialects:driver" in err:
        return True, err
    raise RuntimeError("alembic failed for another reason:\n" + err)


def deploylint_reports(binary, root):
    p = subprocess.run([binary, "--select", "ALM003,ALM004", "--format",
                        "text", root], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    out = p.stdout.decode("utf-8", "replace")
    return "[ALM003]" in out or "[ALM004]" in out, out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True)
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    tmp = tempfile.mkdtemp(prefix="alembic-url-diff-")
    failed = used = 0
    try:
        for name, (env_py, extra) in sorted(CASES.items()):
            root = os.path.join(tmp, name)
            write(root, "alembic.ini", INI)
            write(root, "alembic/env.py", env_py)
            write(root, "alembic/versions/1a2b3c4d5e6f_empty.py", REVISION)
            for rel, text in extra.items():
                write(root, rel, text)
            try:
                want, err = alembic_uses_ini_url(root)
            except Exception as exc:  # setup problem, not a disagreement
                sys.stderr.write("alembic-url-diff: %s: %s\n" % (name, exc))
                return 2
            used += want
            got, out = deploylint_reports(binary, root)
            ok = want == got
            print("%s %s: alembic %s the ini's URL, deploylint %s" % (
                "ok  " if ok else "FAIL", name,
                "uses" if want else "does not use",
                "reports it" if got else "is silent"))
            if not ok:
                failed += 1
                print("".join("    | %s\n" % l for l in out.splitlines()))
    finally:
        shutil.rmtree(tmp)
    print("alembic-url-diff: %d cases, %d where online migrations use "
          "alembic.ini's URL; %d failed" % (len(CASES), used, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
