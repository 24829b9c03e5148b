/*
 * deploylint: keeps libgit2 from reading the system's CA certificates.
 * deploylint never opens a network connection (it reads the index, blobs
 * and ignore rules of a local repository), but Debian's libgit2 1.5, built
 * with mbedTLS, parses the whole CA bundle (/etc/ssl/certs/
 * ca-certificates.crt, ~140 certificates) inside git_libgit2_init(): 3 to
 * 10 ms, most of a run over a small repository. This definition in the
 * executable interposes the mbedTLS function libgit2 calls for that (the
 * dynamic linker resolves libgit2's reference to the executable's symbol
 * first), and loads nothing. With a libgit2 built on OpenSSL or WinHTTP
 * it is never called. Linked into the deploylint executable only, not
 * into the core library the tests use.
 */

/* mbedTLS 2.28's prototype, with the certificate chain left opaque. */
int mbedtls_x509_crt_parse_file(void *chain, const char *path);

/* Returns 0 (success) and leaves `chain` empty: no certificate is needed
 * by a program that makes no TLS connection. */
int
mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}
