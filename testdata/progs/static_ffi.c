/*
 * static_ffi: imports dlsym(3) and libffi's ffi_call(3), as an
 * interpreter's foreign function interface does (Python's _ctypes, Ruby's
 * fiddle, PHP's FFI): it looks a function up by name and calls it.
 * ffi_call is imported weakly: the static analysis reads the import, the
 * program needs no libffi to run.  Built as static_ffi_cb too, without
 * the lookup (SP_CALLBACKS_ONLY): libffi calling callbacks, as GObject's
 * marshaller does.  Built as static_ffi_own, static_ffi_linkage and
 * static_ffi_chez (SP_OWN_CALL=NAME, linked with --export-dynamic): no
 * libffi, the function looked up is called by an exported NAME, as an
 * FFI calling with code of its own does: LuaJIT's (luaopen_ffi), SBCL's
 * linkage table (arch_write_linkage_table_entry; before SBCL 1.4.6
 * arch_write_linkage_table_jmp: static_ffi_linkage_jmp), Chez Scheme's
 * (Sforeign_symbol).  Built as static_ffi_gforth (SP_OWN_CALL=
 * gforth_dlopen, SP_LTDL): the lookup is libltdl's lt_dlsym, imported
 * weakly (no libltdl needed), as Gforth's C interface has it.  Exits 0.
 */
#include <dlfcn.h>
#include <stddef.h>

#ifdef SP_OWN_CALL
int SP_OWN_CALL(void (*fn)(void));

int SP_OWN_CALL(void (*fn)(void))
{
	if (fn)
		fn();
	return 0;
}
#else
extern void ffi_call(void *cif, void (*fn)(void), void *rvalue,
		     void **avalue) __attribute__((weak));
#endif

#ifdef SP_LTDL
extern void *lt_dlsym(void *handle, const char *name) __attribute__((weak));
#endif

#ifdef SP_CALLBACKS_ONLY
static void callback(void)
{
}
#endif

int main(int argc, char **argv)
{
	void (*fn)(void);

#if defined(SP_LTDL)
	fn = lt_dlsym ? (void (*)(void))lt_dlsym(NULL, argc > 1 ? argv[1] : "") :
			NULL;
#elif !defined(SP_CALLBACKS_ONLY)
	fn = (void (*)(void))dlsym(RTLD_DEFAULT, argc > 1 ? argv[1] : "");
#else
	(void)argv;
	fn = argc > 1 ? callback : NULL;
#endif
#ifdef SP_OWN_CALL
	return SP_OWN_CALL(fn);
#else
	if (ffi_call && fn)
		ffi_call(NULL, fn, NULL, NULL);
	return 0;
#endif
}
