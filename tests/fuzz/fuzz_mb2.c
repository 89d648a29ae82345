/*
 * libFuzzer target: bootinfo_parse_mb2 (kernel/bootinfo.c), the Multiboot2
 * information structure walker. The input is the structure as a loader
 * leaves it: total_size, reserved, then 8-byte aligned tags up to the end
 * tag (type 0).
 *
 * Invariants, beyond no crash and no sanitizer report:
 *  - nothing at or past total_size is read: the input is parsed once as
 *    given (max_len = its size) and once as an exact copy of its first
 *    total_size bytes, and both parses give the same result;
 *  - success: protocol 2, strings terminated inside their arrays, at most
 *    BOOTINFO_MMAP_MAX ranges, rsdp_len at most 36, and the command line
 *    and the number of memory ranges are those an independent walk of the
 *    tags finds; failure: err is one printable line "multiboot2: ...".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bootdefs.h"
#include "bootinfo.h"
#include "fuzz.h"

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool same(const struct bootinfo *a, const struct bootinfo *b)
{
	if (a->protocol != b->protocol || strcmp(a->cmdline, b->cmdline) != 0 ||
	    strcmp(a->loader, b->loader) != 0 || a->n_mmap != b->n_mmap ||
	    a->rsdp_len != b->rsdp_len || memcmp(a->rsdp, b->rsdp, sizeof(a->rsdp)) != 0 ||
	    a->has_framebuffer != b->has_framebuffer)
		return false;
	for (unsigned i = 0; i < a->n_mmap && i < BOOTINFO_MMAP_MAX; i++)
		if (a->mmap[i].base != b->mmap[i].base || a->mmap[i].len != b->mmap[i].len ||
		    a->mmap[i].type != b->mmap[i].type)
			return false;
	return a->fb.addr == b->fb.addr && a->fb.pitch == b->fb.pitch &&
	       a->fb.width == b->fb.width && a->fb.height == b->fb.height &&
	       a->fb.bpp == b->fb.bpp && a->fb.type == b->fb.type;
}

/*
 * What a successful parse must report, from a walk of the tags written from
 * the Multiboot2 spec (3.6): the last command line tag's string up to its
 * NUL or the tag end, and the memory map entries of all mmap tags.
 */
static void expect(const uint8_t *info, uint32_t total, const struct bootinfo *bi)
{
	const uint8_t *cmdline = NULL;
	size_t cmdline_max = 0, ranges = 0;

	for (size_t off = 8; off + 8 <= total;) {
		uint32_t type = le32(info + off), size = le32(info + off + 4);

		if (type == 0)
			break;
		if (type == MB2_TAG_CMDLINE) {
			cmdline = info + off + 8;
			cmdline_max = size - 8;
		} else if (type == MB2_TAG_MMAP) {
			uint32_t entry = le32(info + off + 8);
			ranges += (size - 16) / entry;
		}
		off += ((size_t)size + 7) & ~(size_t)7;
	}
	if (cmdline) {
		size_t n = strnlen((const char *)cmdline, cmdline_max);
		FUZZ_CHECK(strlen(bi->cmdline) == n && memcmp(bi->cmdline, cmdline, n) == 0,
			   "command line \"%s\" is not the tag's (%zu bytes)", bi->cmdline, n);
	} else {
		FUZZ_CHECK(bi->cmdline[0] == '\0', "command line \"%s\" without a tag",
			   bi->cmdline);
	}
	size_t want = ranges < BOOTINFO_MMAP_MAX ? ranges : BOOTINFO_MMAP_MAX;
	FUZZ_CHECK(bi->n_mmap == want, "%u memory ranges, the tags hold %zu", bi->n_mmap,
		   ranges);
}

static void check_ok(const struct bootinfo *bi)
{
	FUZZ_CHECK(bi->protocol == 2, "protocol %u", bi->protocol);
	FUZZ_CHECK(memchr(bi->cmdline, 0, sizeof(bi->cmdline)) != NULL, "cmdline unterminated");
	FUZZ_CHECK(memchr(bi->loader, 0, sizeof(bi->loader)) != NULL, "loader unterminated");
	FUZZ_CHECK(bi->n_mmap <= BOOTINFO_MMAP_MAX, "n_mmap %u", bi->n_mmap);
	FUZZ_CHECK(bi->rsdp_len <= sizeof(bi->rsdp), "rsdp_len %u", bi->rsdp_len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bootinfo bi, bi2;
	char err[256], err2[256];
	int rc;

	rc = bootinfo_parse_mb2(data, size, &bi, err, sizeof(err));
	FUZZ_CHECK(rc == 0 || rc == -1, "return value %d", rc);
	FUZZ_LOG("bootinfo_parse_mb2: %d %s: cmdline \"%s\", loader \"%s\", %u ranges, "
		 "RSDP %u bytes, framebuffer %d", rc, rc ? err : "", bi.cmdline, bi.loader,
		 bi.n_mmap, bi.rsdp_len, bi.has_framebuffer);
	if (rc == 0) {
		check_ok(&bi);
		expect(data, le32(data), &bi);
	} else {
		fuzz_check_err_line(err, sizeof(err), "multiboot2: ");
	}

	/* The structure alone, in a buffer of exactly total_size bytes. */
	if (size >= 8) {
		uint32_t total = le32(data);
		if (total >= 8 && total <= size) {
			uint8_t *exact = malloc(total);
			if (!exact)
				abort();
			memcpy(exact, data, total);
			int rc2 = bootinfo_parse_mb2(exact, size, &bi2, err2, sizeof(err2));
			FUZZ_CHECK(rc2 == rc, "result %d with the bytes past total_size, %d without",
				   rc, rc2);
			if (rc == 0)
				FUZZ_CHECK(same(&bi, &bi2), "bytes past total_size changed the result");
			else
				FUZZ_CHECK(strcmp(err, err2) == 0, "\"%s\" vs \"%s\"", err, err2);
			free(exact);
		}
	}
	return 0;
}
