/*
 * static_tls_use (and static_tls_setup, the same with SP_TLS_SETUP):
 * link libsp_static_tls.so (static_tls.c) and run its cleanups; only
 * static_tls_setup imports sp_tls_setup, so only its static analysis may
 * reach sp_tls_cleanup's syncfs(2).  Both exit 0.
 */
void sp_tls_setup(long fd);
int sp_tls_cleanup(void);
int sp_tls_shared_cleanup(void);

int main(int argc, char **argv)
{
	(void)argv;
#ifdef SP_TLS_SETUP
	if (argc > 1)
		sp_tls_setup(1);
#endif
	(void)argc;
	return sp_tls_cleanup() | sp_tls_shared_cleanup();
}
