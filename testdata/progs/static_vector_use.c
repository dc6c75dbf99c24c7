/* static_vector_use.c - copies static_vector.c's tables (the 32-byte ones
 * where the CPU has AVX) and calls nothing in them. */
void sp_vec_copy16(void *dst);
void sp_vec_copy32(void *dst);
void sp_vec_copy_packed(void *dst);
void sp_vec_copy_mid(void *dst);

int main(void)
{
	void *procs[4] __attribute__((aligned(32)));

	sp_vec_copy16(procs);
	sp_vec_copy_mid(procs);
	if (__builtin_cpu_supports("avx")) {
		sp_vec_copy32(procs);
		sp_vec_copy_packed(procs);
	}
	return procs[0] == 0;
}
