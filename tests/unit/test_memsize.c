/* Host tests of kernel/memsize.c: saturation, blocks, the largest fitting samples=. */
#include <stdint.h>

#include "check.h"
#include "memsize.h"

static void test_saturation(void)
{
	CHECK(size_add(1, 2) == 3);
	CHECK(size_add(UINT64_MAX - 1, 1) == UINT64_MAX);
	CHECK(size_add(UINT64_MAX, UINT64_MAX) == UINT64_MAX);
	CHECK(size_mul(0, UINT64_MAX) == 0);
	CHECK(size_mul(UINT64_MAX, 0) == 0);
	CHECK(size_mul(1ull << 32, 1ull << 31) == 1ull << 63);
	CHECK(size_mul(1ull << 32, 1ull << 32) == UINT64_MAX);
	CHECK(size_max(3, 9) == 9);
}

static void test_block(void)
{
	CHECK(size_block(0) == 0);
	CHECK(size_block(1) == MEM_ALIGN);
	CHECK(size_block(MEM_ALIGN) == MEM_ALIGN);
	CHECK(size_block(MEM_ALIGN + 1) == 2 * MEM_ALIGN);
	CHECK(size_block(UINT64_MAX - 3) == UINT64_MAX);
	CHECK(size_block(UINT64_MAX) == UINT64_MAX);
}

/* Shaped like ipi's broadcast phase on `cpus` CPUs: a per-receiver buffer
 * of cpus * samples int64s, plus one of samples, plus a fixed part. */
static uint64_t need_like_bcast(uint32_t samples, const void *arg)
{
	uint64_t cpus = *(const uint64_t *)arg, one = size_block(size_mul(samples, 8));

	return size_add(size_add(one, size_block(size_mul(cpus, size_mul(samples, 8)))), 4096);
}

static void test_no_wrap(void)
{
	uint64_t cpus = 256;

	/* 4e9 samples on 256 CPUs: 8 TB, far from wrapping; with a factor
	 * that would wrap, the need saturates instead of becoming small. */
	CHECK(need_like_bcast(4000000000u, &cpus) > 8000000000000ull);
	cpus = UINT64_MAX / 8;
	CHECK(need_like_bcast(4000000000u, &cpus) == UINT64_MAX);
	CHECK(need_like_bcast(UINT32_MAX, &cpus) == UINT64_MAX);
}

static void test_fit(void)
{
	uint64_t cpus = 2;
	uint64_t limit = 28u << 20;
	uint32_t fit = size_fit_samples(need_like_bcast, &cpus, limit, 4000000000u);

	CHECK(fit > 0);
	CHECK(need_like_bcast(fit, &cpus) <= limit);
	CHECK(need_like_bcast(fit + 1, &cpus) > limit);
	/* Everything fits: the range's top. */
	CHECK(size_fit_samples(need_like_bcast, &cpus, UINT64_MAX, 10000000) == 10000000);
	CHECK(size_fit_samples(need_like_bcast, &cpus, UINT64_MAX, UINT32_MAX) == UINT32_MAX);
	/* Not even one sample: the fixed part alone is too big. */
	CHECK(size_fit_samples(need_like_bcast, &cpus, 4096, 10000000) == 0);
	/* Exactly at the limit fits. */
	CHECK(size_fit_samples(need_like_bcast, &cpus, need_like_bcast(1000, &cpus), 4000000000u) >= 1000);
	cpus = UINT64_MAX / 8;
	CHECK(size_fit_samples(need_like_bcast, &cpus, limit, 4000000000u) == 0);
}

int main(void)
{
	RUN(test_saturation);
	RUN(test_block);
	RUN(test_no_wrap);
	RUN(test_fit);
	return check_exit();
}
