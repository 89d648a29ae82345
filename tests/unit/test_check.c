/*
 * The harness itself (check.h): a case that runs no CHECK fails, so that a
 * case whose checks were lost (an early return, a loop over nothing) is
 * seen. The inner case's PASS/FAIL line goes to /dev/null: tests/run.sh
 * counts those lines.
 */
#define _POSIX_C_SOURCE 200809L

#include <fcntl.h>
#include <unistd.h>

#include "check.h"

static void no_checks(void)
{
}

static void one_check(void)
{
	CHECK(1);
}

/* Runs fn as a case of its own, silently; true if it failed. */
static int inner_case_fails(void (*fn)(void))
{
	const char *outer = check_case;
	int outer_failed = check_case_failed, passed = check_passed, failed = check_failed;
	unsigned long outer_checks = check_case_checks;
	int saved = dup(1), null = open("/dev/null", O_WRONLY), inner_failed;

	fflush(stdout);
	dup2(null, 1);
	check_run("inner", fn);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	close(null);
	inner_failed = check_failed > failed;
	check_case = outer;
	check_case_failed = outer_failed;
	check_case_checks = outer_checks;
	check_passed = passed;
	check_failed = failed;
	return inner_failed;
}

static void test_case_without_checks_fails(void)
{
	CHECK(inner_case_fails(no_checks));
}

static void test_case_with_a_check_passes(void)
{
	CHECK(!inner_case_fails(one_check));
}

int main(void)
{
	RUN(test_case_without_checks_fails);
	RUN(test_case_with_a_check_passes);
	return check_exit();
}
