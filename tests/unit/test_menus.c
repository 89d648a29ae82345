/*
 * The boot menus a person picks a run from on a real machine: grub.cfg (ISO,
 * USB stick, GRUB netboot) and boot/irqbench.ipxe (iPXE). A typo there costs
 * a trip to the lab, so every entry's command line goes through the kernel's
 * own parser (kernel/cmdline.c) with the benchmark names of bench/bench.c's
 * table, and the menus must offer what issue 9 promises: the default suite,
 * each benchmark alone, a quick run, xAPIC and x2APIC, and serial= choices;
 * the two menus offer the same runs. Run from the repository's root.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cmdline.h"

#define MAX_LINES 64
#define MAX_NAMES 32
#define LINE_LEN 512

struct menu {
	const char *path;
	const char *verb;	/* the loader command that takes the kernel */
	char lines[MAX_LINES][LINE_LEN];	/* its arguments, one per entry */
	unsigned n;
};

static struct menu grub = { "grub.cfg", "multiboot2 /boot/irqbench.elf", { { 0 } }, 0 };
static struct menu ipxe = { "boot/irqbench.ipxe", "kernel boot/irqbench.elf", { { 0 } }, 0 };

static char name_store[MAX_NAMES][32];
static const char *names[MAX_NAMES];
static unsigned n_names;

static void chomp(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		s[--n] = '\0';
}

/* The names in bench/bench.c's table, lines of the form { "name", ... */
static void read_bench_names(void)
{
	FILE *f = fopen("bench/bench.c", "r");
	char line[LINE_LEN];
	bool in_table = false;

	if (!f) {
		printf("  cannot open bench/bench.c (run from the repository root)\n");
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "struct bench benches[] = {"))
			in_table = true;
		else if (in_table && strncmp(line, "};", 2) == 0)
			break;
		else if (in_table && n_names < MAX_NAMES &&
			 sscanf(line, " { \"%31[a-z0-9_]\"", name_store[n_names]) == 1) {
			names[n_names] = name_store[n_names];
			n_names++;
		}
	}
	fclose(f);
}

static void read_menu(struct menu *m)
{
	FILE *f = fopen(m->path, "r");
	char line[LINE_LEN];
	size_t vlen = strlen(m->verb);

	if (!f) {
		printf("  cannot open %s (run from the repository root)\n", m->path);
		exit(1);
	}
	while (fgets(line, sizeof(line), f) && m->n < MAX_LINES) {
		const char *p = line + strspn(line, " \t");
		if (strncmp(p, m->verb, vlen) != 0 || (p[vlen] != ' ' && p[vlen] != '\n'))
			continue;
		snprintf(m->lines[m->n], LINE_LEN, "%s", p + vlen + (p[vlen] == ' '));
		chomp(m->lines[m->n]);
		m->n++;
	}
	fclose(f);
}

static bool offers(const struct menu *m, const char *args)
{
	for (unsigned i = 0; i < m->n; i++)
		if (strcmp(m->lines[i], args) == 0)
			return true;
	return false;
}

static void expect_offer(const struct menu *m, const char *args)
{
	if (!offers(m, args)) {
		printf("  %s: no entry with the command line \"%s\"\n", m->path, args);
		CHECK(false);
	}
}

static void test_bench_table_read(void)
{
	CHECK(n_names >= 4);
	for (unsigned i = 0; i < n_names; i++)
		CHECK(names[i][0] != '\0');
}

static void every_line_parses(const struct menu *m)
{
	CHECK(m->n >= 10);
	for (unsigned i = 0; i < m->n; i++) {
		struct cmdline c;
		char err[256];
		if (cmdline_parse(m->lines[i], names, n_names, &c, err, sizeof(err)) != 0) {
			printf("  %s: \"%s\": %s\n", m->path, m->lines[i], err);
			CHECK(false);
		}
	}
}

static void test_grub_lines_parse(void)
{
	every_line_parses(&grub);
}

static void test_ipxe_lines_parse(void)
{
	every_line_parses(&ipxe);
}

static void offers_promised_runs(const struct menu *m)
{
	char one[64];

	expect_offer(m, "");
	expect_offer(m, "apic=xapic");
	expect_offer(m, "apic=x2apic");
	expect_offer(m, "serial=none");
	expect_offer(m, "serial=com2");
	expect_offer(m, "bench=none");
	for (unsigned i = 0; i < n_names; i++) {
		snprintf(one, sizeof(one), "bench=%s", names[i]);
		expect_offer(m, one);
	}
	bool quick = false;
	for (unsigned i = 0; i < m->n; i++)
		quick |= strncmp(m->lines[i], "samples=", 8) == 0;
	CHECK(quick);
}

static void test_grub_offers_promised_runs(void)
{
	offers_promised_runs(&grub);
}

static void test_ipxe_offers_promised_runs(void)
{
	offers_promised_runs(&ipxe);
}

static void test_menus_agree(void)
{
	CHECK(grub.n == ipxe.n);
	for (unsigned i = 0; i < grub.n; i++)
		if (!offers(&ipxe, grub.lines[i])) {
			printf("  grub.cfg offers \"%s\", boot/irqbench.ipxe does not\n", grub.lines[i]);
			CHECK(false);
		}
}

int main(void)
{
	read_bench_names();
	read_menu(&grub);
	read_menu(&ipxe);
	RUN(test_bench_table_read);
	RUN(test_grub_lines_parse);
	RUN(test_ipxe_lines_parse);
	RUN(test_grub_offers_promised_runs);
	RUN(test_ipxe_offers_promised_runs);
	RUN(test_menus_agree);
	return check_exit();
}
