/* The host's TSC frequency, measured against CLOCK_MONOTONIC_RAW over
 * 300 ms: the independent reference for the kernel's calibration under
 * TCG, whose guest TSC is the host's. */
#include <stdio.h>
#include <time.h>
#include <x86intrin.h>

int main(void)
{
	struct timespec a, b, pause = { 0, 300000000 };

	clock_gettime(CLOCK_MONOTONIC_RAW, &a);
	unsigned long long t0 = __rdtsc();
	nanosleep(&pause, 0);
	clock_gettime(CLOCK_MONOTONIC_RAW, &b);
	unsigned long long t1 = __rdtsc();
	double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	printf("%.0f\n", (double)(t1 - t0) / s);
	return 0;
}
