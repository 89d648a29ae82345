/*
 * Multiboot information parsing: Multiboot2 spec 2.0, 3.6 (tags) and
 * Multiboot spec 0.6.96, 3.3 (the version 1 structure). Every length comes
 * from the loader and is checked before use: this code is fuzzed.
 */
#include "bootinfo.h"

#include "bootdefs.h"
#include "fmt.h"

struct mb2_info_header {
	uint32_t total_size;
	uint32_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct mb2_info_header) == 8, "MB2 spec 3.6.1");

struct mb2_tag {
	uint32_t type;
	uint32_t size;
} __attribute__((packed));
_Static_assert(sizeof(struct mb2_tag) == 8, "MB2 spec 3.6.2");

struct mb2_mmap_tag {
	struct mb2_tag tag;
	uint32_t entry_size;
	uint32_t entry_version;
} __attribute__((packed));
_Static_assert(sizeof(struct mb2_mmap_tag) == 16, "MB2 spec 3.6.8");

struct mb2_mmap_entry {
	uint64_t base_addr;
	uint64_t length;
	uint32_t type;
	uint32_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct mb2_mmap_entry) == 24, "MB2 spec 3.6.8");

struct mb2_framebuffer_tag {
	struct mb2_tag tag;
	uint64_t addr;
	uint32_t pitch, width, height;
	uint8_t bpp, type;
	uint16_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct mb2_framebuffer_tag) == 32, "MB2 spec 3.6.12");

/* Multiboot1 spec 3.3, the fields up to the framebuffer. */
struct mb1_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
	uint32_t apm_table;
	uint32_t vbe_control_info, vbe_mode_info;
	uint16_t vbe_mode, vbe_interface_seg, vbe_interface_off, vbe_interface_len;
	uint64_t framebuffer_addr;
	uint32_t framebuffer_pitch, framebuffer_width, framebuffer_height;
	uint8_t framebuffer_bpp, framebuffer_type;
} __attribute__((packed));
_Static_assert(sizeof(struct mb1_info) == 110, "Multiboot 0.6.96 3.3");

/* MB1 entries carry their size before the entry (spec 3.3, mmap_*). */
struct mb1_mmap_entry {
	uint32_t size;
	uint64_t base_addr;
	uint64_t length;
	uint32_t type;
} __attribute__((packed));
_Static_assert(sizeof(struct mb1_mmap_entry) == 24, "Multiboot 0.6.96 3.3");

#define MB1_INFO_CMDLINE (1u << 2)
#define MB1_INFO_MMAP (1u << 6)
#define MB1_INFO_LOADER (1u << 9)
#define MB1_INFO_FRAMEBUFFER (1u << 12)

static void bootinfo_clear(struct bootinfo *bi)
{
	unsigned char *p = (unsigned char *)bi;

	for (size_t i = 0; i < sizeof(*bi); i++)
		p[i] = 0;
}

/* Copy a string of at most max source bytes; fails if it does not fit. */
static int copy_string(char *dst, size_t dst_size, const char *src, size_t max)
{
	size_t i;

	for (i = 0; i < max && src[i]; i++) {
		if (i + 1 >= dst_size)
			return -1;
		dst[i] = src[i];
	}
	dst[i] = 0;
	return 0;
}

static void add_mmap(struct bootinfo *bi, uint64_t base, uint64_t len, uint32_t type)
{
	if (bi->n_mmap < BOOTINFO_MMAP_MAX)
		bi->mmap[bi->n_mmap++] = (struct mmap_range){ base, len, type };
}

static int parse_mb2_cmdline(struct bootinfo *bi, const struct mb2_tag *t, char *err, size_t errlen)
{
	if (copy_string(bi->cmdline, sizeof(bi->cmdline), (const char *)(t + 1),
			t->size - sizeof(*t)) == 0)
		return 0;
	ksnprintf(err, errlen, "multiboot2: command line longer than %zu bytes",
		  sizeof(bi->cmdline) - 1);
	return -1;
}

static int parse_mb2_mmap(struct bootinfo *bi, const struct mb2_tag *t, char *err, size_t errlen)
{
	const struct mb2_mmap_tag *m = (const void *)t;

	if (t->size < sizeof(*m) || m->entry_size < sizeof(struct mb2_mmap_entry)) {
		ksnprintf(err, errlen, "multiboot2: memory map tag with bad sizes (tag %u, entry %u)",
			  t->size, t->size < sizeof(*m) ? 0 : m->entry_size);
		return -1;
	}
	const unsigned char *p = (const unsigned char *)(m + 1);
	const unsigned char *end = (const unsigned char *)t + t->size;

	for (; p + m->entry_size <= end; p += m->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;
		add_mmap(bi, e->base_addr, e->length, e->type);
	}
	return 0;
}

static void parse_mb2_rsdp(struct bootinfo *bi, const struct mb2_tag *t)
{
	unsigned len = t->size - sizeof(*t);

	/* The new (ACPI 2.0+) RSDP wins over the old one, whichever comes first. */
	if (t->type == MB2_TAG_ACPI_OLD && bi->rsdp_len == 36)
		return;
	if (len > sizeof(bi->rsdp))
		len = sizeof(bi->rsdp);
	for (unsigned i = 0; i < len; i++)
		bi->rsdp[i] = ((const uint8_t *)(t + 1))[i];
	bi->rsdp_len = len;
}

static void parse_mb2_framebuffer(struct bootinfo *bi, const struct mb2_tag *t)
{
	const struct mb2_framebuffer_tag *f = (const void *)t;

	if (t->size < sizeof(*f))
		return;
	bi->has_framebuffer = true;
	bi->fb = (struct framebuffer_info){ f->addr, f->pitch, f->width, f->height, f->bpp, f->type };
}

static int parse_mb2_tag(struct bootinfo *bi, const struct mb2_tag *t, char *err, size_t errlen)
{
	switch (t->type) {
	case MB2_TAG_CMDLINE:
		return parse_mb2_cmdline(bi, t, err, errlen);
	case MB2_TAG_LOADER_NAME:
		/* Only informative: a long name is cut, not an error. */
		copy_string(bi->loader, sizeof(bi->loader), (const char *)(t + 1),
			    t->size - sizeof(*t) < sizeof(bi->loader) - 1 ?
			    t->size - sizeof(*t) : sizeof(bi->loader) - 1);
		return 0;
	case MB2_TAG_MMAP:
		return parse_mb2_mmap(bi, t, err, errlen);
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		parse_mb2_rsdp(bi, t);
		return 0;
	case MB2_TAG_FRAMEBUFFER:
		parse_mb2_framebuffer(bi, t);
		return 0;
	default:
		return 0;
	}
}

int bootinfo_parse_mb2(const void *info, size_t max_len, struct bootinfo *bi,
		       char *err, size_t errlen)
{
	const struct mb2_info_header *h = info;

	bootinfo_clear(bi);
	bi->protocol = 2;
	if (max_len < sizeof(*h) || h->total_size < sizeof(*h) || h->total_size > max_len) {
		ksnprintf(err, errlen, "multiboot2: information structure size %u is not plausible",
			  max_len < sizeof(*h) ? 0 : h->total_size);
		return -1;
	}
	const unsigned char *base = info;
	size_t off = sizeof(*h);

	while (off + sizeof(struct mb2_tag) <= h->total_size) {
		const struct mb2_tag *t = (const void *)(base + off);

		if (t->type == 0)
			return 0;
		if (t->size < sizeof(*t) || t->size > h->total_size - off) {
			ksnprintf(err, errlen, "multiboot2: tag type %u at offset %zu has bad size %u",
				  t->type, off, t->size);
			return -1;
		}
		if (parse_mb2_tag(bi, t, err, errlen) < 0)
			return -1;
		off += (t->size + 7) & ~7u;	/* tags are 8-byte aligned (3.6.1) */
	}
	ksnprintf(err, errlen, "multiboot2: no end tag within %u bytes", h->total_size);
	return -1;
}

static void parse_mb1_mmap(struct bootinfo *bi, const struct mb1_info *m)
{
	uintptr_t p = m->mmap_addr, end = (uintptr_t)m->mmap_addr + m->mmap_length;

	while (p + sizeof(struct mb1_mmap_entry) <= end) {
		const struct mb1_mmap_entry *e = (const void *)p;
		add_mmap(bi, e->base_addr, e->length, e->type);
		p += e->size + sizeof(e->size);
	}
}

int bootinfo_parse_mb1(const void *info, struct bootinfo *bi, char *err, size_t errlen)
{
	const struct mb1_info *m = info;

	bootinfo_clear(bi);
	bi->protocol = 1;
	if ((m->flags & MB1_INFO_CMDLINE) &&
	    copy_string(bi->cmdline, sizeof(bi->cmdline), (const char *)(uintptr_t)m->cmdline,
			(size_t)-1) < 0) {
		ksnprintf(err, errlen, "multiboot: command line longer than %zu bytes",
			  sizeof(bi->cmdline) - 1);
		return -1;
	}
	if (m->flags & MB1_INFO_LOADER)
		copy_string(bi->loader, sizeof(bi->loader), (const char *)(uintptr_t)m->boot_loader_name,
			    sizeof(bi->loader) - 1);
	if (m->flags & MB1_INFO_MMAP)
		parse_mb1_mmap(bi, m);
	if (m->flags & MB1_INFO_FRAMEBUFFER) {
		bi->has_framebuffer = true;
		bi->fb = (struct framebuffer_info){ m->framebuffer_addr, m->framebuffer_pitch,
			m->framebuffer_width, m->framebuffer_height, m->framebuffer_bpp,
			m->framebuffer_type };
	}
	return 0;
}

int bootinfo_parse(uint32_t magic, uint32_t info, struct bootinfo *bi, char *err, size_t errlen)
{
	const void *p = (const void *)(uintptr_t)info;

	if (magic == MB2_BOOT_MAGIC)
		return bootinfo_parse_mb2(p, BOOTINFO_MB2_MAX_LEN, bi, err, errlen);
	if (magic == MB1_BOOT_MAGIC)
		return bootinfo_parse_mb1(p, bi, err, errlen);
	ksnprintf(err, errlen, "not started by a Multiboot loader (magic 0x%x)", magic);
	return -1;
}

/* OVMF, for one, keeps ACPI NVS pages at 8 MiB, inside the kernel's .bss. */
static bool mmap_is_ram(uint32_t type)
{
	return type == MMAP_AVAILABLE || type == MMAP_ACPI_RECLAIMABLE || type == MMAP_ACPI_NVS;
}

uint64_t bootinfo_ram_end(const struct bootinfo *bi, uint64_t from)
{
	uint64_t end = from;
	bool grew = true;

	while (grew) {
		grew = false;
		for (unsigned i = 0; i < bi->n_mmap; i++) {
			const struct mmap_range *r = &bi->mmap[i];
			uint64_t r_end = r->len > UINT64_MAX - r->base ? UINT64_MAX : r->base + r->len;
			if (mmap_is_ram(r->type) && r->base <= end && r_end > end) {
				end = r_end;
				grew = true;
			}
		}
	}
	return end;
}
