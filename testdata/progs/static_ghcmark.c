/*
 * static_ghcmark: exports hs_init, as every program GHC links does (its
 * runtime's entry, rts/RtsStartup.c; GHC links with --export-dynamic),
 * so that the static analysis recognises GHC's runtime in it
 * (tests/static_test.c).  Does nothing else; exits 0.
 */
void hs_init(int *argc, char ***argv);

void hs_init(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
}

int main(void)
{
	return 0;
}
