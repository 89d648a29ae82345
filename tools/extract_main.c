/*
 * irqbench-extract [--run K] LOG DIR: turns a serial log into a results
 * folder, verifying every frame (docs/output-format.md). Tables written go
 * to stdout, problems to stderr; the exit status is an enum extract_status.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"

static const char usage[] = "usage: irqbench-extract [--run K] LOG DIR\n";

/* The whole log: serial captures are small next to memory. */
static char *read_log(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (n == cap) {
			char *more = realloc(data, cap = cap ? cap * 2 : 65536);

			if (!more) {
				free(data);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			data = more;
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		free(data);
		data = NULL;
	}
	fclose(f);
	*len = n;
	return data;
}

static int parse_run_option(const char *s, unsigned *run)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || end == s || s[0] == '-' || v == 0 || v > UINT_MAX)
		return -1;
	*run = (unsigned)v;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned run = 0;
	int arg = 1;
	struct extract x;
	char *log;
	size_t len;
	enum extract_status status;

	if (argc == 5 && strcmp(argv[1], "--run") == 0) {
		if (parse_run_option(argv[2], &run) != 0) {
			fprintf(stderr, "irqbench-extract: --run wants a run number from 1\n");
			return EXTRACT_USAGE;
		}
		arg = 3;
	}
	if (argc - arg != 2) {
		fputs(usage, stderr);
		return EXTRACT_USAGE;
	}
	log = read_log(argv[arg], &len);
	if (!log) {
		fprintf(stderr, "irqbench-extract: %s: %s\n", argv[arg], strerror(errno));
		return EXTRACT_USAGE;
	}
	status = extract_parse_log(log, len, run, &x);
	free(log);
	extract_print_report(&x, stderr);
	if (status != EXTRACT_USAGE &&
	    extract_write_dir(&x, argv[arg + 1], stdout, stderr) != 0)
		status = EXTRACT_USAGE;
	extract_free(&x);
	return status;
}
