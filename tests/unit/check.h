/*
 * Minimal unit-test harness shared by every host test in tests/unit.
 * Each test case prints one line, "PASS: name" or "FAIL: name"; details of a
 * failure follow on indented lines. tests/run.sh counts those lines.
 * A case that ran no CHECK fails ("no check ran"): it could not have failed.
 */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>

static const char *check_case;
static int check_case_failed, check_passed, check_failed;
static unsigned long check_case_checks;

#define CHECK(cond)                                                         \
	do {                                                                \
		check_case_checks++;                                        \
		if (!(cond)) {                                              \
			printf("  %s:%d: check failed: %s\n", __FILE__,     \
			       __LINE__, #cond);                            \
			check_case_failed = 1;                              \
		}                                                           \
	} while (0)

#define RUN(fn) check_run(#fn, fn)

static inline void check_run(const char *name, void (*fn)(void))
{
	check_case = name;
	check_case_failed = 0;
	check_case_checks = 0;
	fn();
	if (check_case_checks == 0) {
		printf("  no check ran\n");
		check_case_failed = 1;
	}
	printf("%s: %s\n", check_case_failed ? "FAIL" : "PASS", name);
	if (check_case_failed)
		check_failed++;
	else
		check_passed++;
}

/* Exit status of a test program: non-zero when any case failed. */
static inline int check_exit(void)
{
	return check_failed != 0;
}

#endif
