/*
 * static_vector.c - tables of function pointers read by vector
 * registers, as a compiler copies a structure of them into another 16 or
 * 32 bytes at a time (Ghostscript's file procedures, by movdqa): each
 * word the load reads is a pointer its relocation writes, not only the
 * first.  sp_vec_copy16 reads a table of two functions, making sync(2)
 * and syncfs(2); sp_vec_copy32 one of four, the last making vhangup(2).
 * The functions are reached by nothing else (tests/static_test.c).
 */
__asm__(".text\n"
	".type sp_vec_sync, @function\n"
	"sp_vec_sync:\n"
	"	mov $162, %eax\n" /* SYS_sync on x86_64 */
	"	syscall\n"
	"	ret\n"
	".size sp_vec_sync, .-sp_vec_sync\n"
	".type sp_vec_syncfs, @function\n"
	"sp_vec_syncfs:\n"
	"	mov $306, %eax\n" /* SYS_syncfs */
	"	syscall\n"
	"	ret\n"
	".size sp_vec_syncfs, .-sp_vec_syncfs\n"
	".type sp_vec_nothing, @function\n"
	"sp_vec_nothing:\n"
	"	xor %eax, %eax\n"
	"	ret\n"
	".size sp_vec_nothing, .-sp_vec_nothing\n"
	".type sp_vec_vhangup, @function\n"
	"sp_vec_vhangup:\n"
	"	mov $153, %eax\n" /* SYS_vhangup */
	"	syscall\n"
	"	ret\n"
	".size sp_vec_vhangup, .-sp_vec_vhangup\n"
	".globl sp_vec_copy16\n"
	".type sp_vec_copy16, @function\n"
	"sp_vec_copy16:\n"
	"	movdqu .Lsp_vec_two(%rip), %xmm0\n"
	"	movups %xmm0, (%rdi)\n"
	"	ret\n"
	".size sp_vec_copy16, .-sp_vec_copy16\n"
	".globl sp_vec_copy32\n"
	".type sp_vec_copy32, @function\n"
	"sp_vec_copy32:\n"
	"	vmovdqu .Lsp_vec_four(%rip), %ymm0\n"
	"	vmovdqu %ymm0, (%rdi)\n"
	"	vzeroupper\n"
	"	ret\n"
	".size sp_vec_copy32, .-sp_vec_copy32\n"
	".section .data.rel.ro,\"aw\"\n"
	".balign 32\n"
	".Lsp_vec_two:\n"
	"	.quad sp_vec_sync\n"
	"	.quad sp_vec_syncfs\n"
	".Lsp_vec_four:\n"
	"	.quad sp_vec_nothing\n"
	"	.quad sp_vec_nothing\n"
	"	.quad sp_vec_nothing\n"
	"	.quad sp_vec_vhangup\n"
	".text\n");
