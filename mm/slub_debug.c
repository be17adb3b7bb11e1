/*
 * SLUB debugging (the CONFIG_SLUB_DEBUG half of Linux 6.12's mm/slub.c):
 * slub_debug= parsing (F Z P U T O and '-', per-cache lists with '*'
 * globs, blocks separated by ';'), the object layout's poison and red
 * zones, user tracking, the checks on allocation, free and validation, and
 * the reports in Linux's format (BUG/INFO lines framed by '=' and '-', the
 * hex dumps of print_trailer, then a FIX line naming the repair). Every
 * report repairs what it found so the cache stays usable, as Linux does.
 *
 * Timestamps: efimm has no jiffies; a track's "when" counts debug events.
 */
#include "slab.h"
#include <efimm/platform.h>

slab_flags_t slub_debug;
char *slub_debug_string;
int disable_higher_order_debug;
unsigned long slub_debug_errors;
static char slub_debug_buf[256];
static unsigned long debug_clock; /* stands for jiffies in the tracks */
static int in_bytes_report;      /* object_err called from check_bytes_and_report: one error, not two */
static unsigned long tainted_mask; /* Linux's: TAINT_BAD_PAGE (5) and TAINT_WARN (9) after a report */
#define TAINT_BAD_PAGE 5
#define TAINT_WARN 9
#define TAINT_FLAGS_COUNT 19

/* print_tainted (non-verbose): "Not tainted", or one letter per flag, 'G' for a clean first flag. */
static const char *print_tainted(void)
{
	static char buf[sizeof("Tainted: ") + TAINT_FLAGS_COUNT];
	static const char set[] = "PFSRMBUDAWCIOELKXTN";

	if (!tainted_mask)
		return "Not tainted";
	memcpy(buf, "Tainted: ", 9);
	for (int i = 0; i < TAINT_FLAGS_COUNT; i++)
		buf[9 + i] = (tainted_mask >> i) & 1 ? set[i] : i == 0 ? 'G' : ' ';
	buf[9 + TAINT_FLAGS_COUNT] = '\0';
	return buf;
}

/* add_taint(TAINT_BAD_PAGE) + WARN_ON(1) of object_err and slab_err (the WARNING dump is not printed). */
static void taint_bad_page(void)
{
	tainted_mask |= 1UL << TAINT_BAD_PAGE | 1UL << TAINT_WARN;
}

void slub_taint_warn(void)
{
	tainted_mask |= 1UL << TAINT_WARN;
}

void slub_debug_reset(void)
{
	tainted_mask = 0;
	debug_clock = 0;
}

/* ---- slub_debug= ---- */

/* parse_slub_debug_flags: one block "FZPUT[,cache,...]"; returns the next block or NULL. */
static char *parse_slub_debug_flags(char *str, slab_flags_t *flags, char **slabs, bool init)
{
	bool higher_order_disable = false;

	while (*str && *str == ';')
		str++;
	if (*str == ',') {
		*flags = DEBUG_DEFAULT_FLAGS; /* a cache list alone: full debugging for those */
		goto check_slabs;
	}
	*flags = 0;
	for (; *str && *str != ',' && *str != ';'; str++) {
		switch (*str | 0x20) {
		case '-':
			*flags = 0;
			break;
		case 'f':
			*flags |= SLAB_CONSISTENCY_CHECKS;
			break;
		case 'z':
			*flags |= SLAB_RED_ZONE;
			break;
		case 'p':
			*flags |= SLAB_POISON;
			break;
		case 'u':
			*flags |= SLAB_STORE_USER;
			break;
		case 't':
			*flags |= SLAB_TRACE;
			break;
		case 'a': /* failslab: no fault injection in efimm */
			break;
		case 'o':
			higher_order_disable = true;
			break;
		default:
			if (init)
				pr_err("slab_debug option '%c' unknown. skipped\n", *str);
		}
	}
check_slabs:
	*slabs = *str == ',' ? ++str : NULL;
	while (*str && *str != ';')
		str++;
	while (*str && *str == ';')
		str++;
	if (init && higher_order_disable)
		disable_higher_order_debug = 1;
	return *str ? str : NULL;
}

/* setup_slub_debug: "slub_debug" alone (val NULL or empty) means F Z P U on every cache. */
int setup_slub_debug(const char *val)
{
	slab_flags_t flags, global_flags = DEBUG_DEFAULT_FLAGS;
	bool global_changed = false, list_given = false;
	char *str, *slab_list;

	slub_debug_string = NULL;
	disable_higher_order_debug = 0;
	if (!val || !*val) {
		slub_debug = global_flags;
		return 0;
	}
	if (strlen(val) >= sizeof(slub_debug_buf)) {
		pr_warn("slub_debug: option longer than %zu characters ignored\n", sizeof(slub_debug_buf) - 1);
		return -1;
	}
	strscpy_len(slub_debug_buf, val, sizeof(slub_debug_buf));
	str = slub_debug_buf;
	while (str) {
		str = parse_slub_debug_flags(str, &flags, &slab_list, true);
		if (!slab_list) {
			global_flags = flags;
			global_changed = true;
		} else {
			list_given = true;
		}
	}
	if (list_given) {
		if (!global_changed)
			global_flags = 0; /* slub_debug's previous value: none at boot */
		slub_debug_string = slub_debug_buf;
	}
	slub_debug = global_flags;
	return 0;
}

/* kmem_cache_flags: the debug flags for a cache: a list naming it (glob '*' at the end) wins. */
slab_flags_t kmem_cache_flags(slab_flags_t flags, const char *name)
{
	slab_flags_t block_flags, local = slub_debug;
	size_t len = strlen(name);
	char *next_block = slub_debug_string, *iter;

	if (flags & SLAB_NO_USER_FLAGS)
		return flags;
	if (flags & SLAB_NOLEAKTRACE)
		local &= ~SLAB_STORE_USER;
	while (next_block) {
		next_block = parse_slub_debug_flags(next_block, &block_flags, &iter, false);
		if (!iter)
			continue;
		while (*iter) {
			char *end = iter, *glob;
			size_t cmplen;

			while (*end && *end != ',')
				end++;
			if (next_block && next_block < end)
				end = next_block - 1;
			glob = memchr(iter, '*', (size_t)(end - iter));
			cmplen = glob ? (size_t)(glob - iter) : max(len, (size_t)(end - iter));
			if (!strncmp(name, iter, cmplen))
				return flags | block_flags;
			if (!*end || *end == ';')
				break;
			iter = end + 1;
		}
	}
	return flags | local;
}

/* ---- reports ---- */

/* print_hex_dump(DUMP_PREFIX_ADDRESS, 16 per row, groups of 1, with ASCII). */
static void print_section(const char *text, const u8 *addr, unsigned int length)
{
	for (unsigned int i = 0; i < length; i += 16) {
		char line[16 * 3 + 2 + 16 + 1];
		unsigned int n = min(16u, length - i), lx = 0;

		for (unsigned int j = 0; j < n; j++) {
			static const char hex[] = "0123456789abcdef";

			line[lx++] = hex[addr[i + j] >> 4];
			line[lx++] = hex[addr[i + j] & 15];
			line[lx++] = ' ';
		}
		lx--;
		while (lx < 16 * 2 + 16 + 1)
			line[lx++] = ' ';
		for (unsigned int j = 0; j < n; j++) {
			u8 c = addr[i + j];

			line[lx++] = (c >= 0x20 && c < 0x7f) ? (char)c : '.';
		}
		line[lx] = '\0';
		pr_err("%s%p: %s\n", text, addr + i, line);
	}
}

static struct track *get_track(struct kmem_cache *s, void *object, enum track_item alloc)
{
	return (struct track *)((char *)object + get_info_end(s)) + alloc;
}

static void set_track(struct kmem_cache *s, void *object, enum track_item alloc, unsigned long addr)
{
	struct track *p = get_track(s, object, alloc);

	p->addr = addr;
	p->handle = 0;
	p->cpu = 0;
	p->pid = 0;
	p->when = ++debug_clock;
}

static void init_tracking(struct kmem_cache *s, void *object)
{
	if (s->flags & SLAB_STORE_USER)
		memset(get_track(s, object, TRACK_ALLOC), 0, 2 * sizeof(struct track));
}

static void print_track(const char *s, struct track *t, unsigned long pr_time)
{
	char where[64];

	if (!t->addr)
		return;
	platform_symbolize((void *)t->addr, where, sizeof(where));
	pr_err("%s in %s age=%lu cpu=%u pid=%d\n", s, where, pr_time - t->when, t->cpu, t->pid);
}

void print_tracking(struct kmem_cache *s, void *object)
{
	if (!(s->flags & SLAB_STORE_USER))
		return;
	print_track("Allocated", get_track(s, object, TRACK_ALLOC), debug_clock);
	print_track("Freed", get_track(s, object, TRACK_FREE), debug_clock);
}

/* The kmalloc request size kept after the tracks (kmalloc caches with Z and U). */
static unsigned long *orig_size_slot(struct kmem_cache *s, void *object)
{
	return (unsigned long *)((char *)object + get_info_end(s) + 2 * sizeof(struct track));
}

static void set_orig_size(struct kmem_cache *s, void *object, unsigned int orig_size)
{
	if (slub_debug_orig_size(s))
		*orig_size_slot(s, object) = orig_size;
}

unsigned int get_orig_size(struct kmem_cache *s, void *object)
{
	return slub_debug_orig_size(s) ? (unsigned int)*orig_size_slot(s, object) : s->object_size;
}

void skip_orig_size_check(struct kmem_cache *s, const void *object)
{
	set_orig_size(s, (void *)object, s->object_size);
}

static void print_slab_info(const struct page *slab)
{
	pr_err("Slab 0x%p objects=%u used=%u fp=0x%p flags=%#lx(%snode=%d|zone=%d)\n", slab, slab->objects,
	       slab->inuse, slab->freelist, slab->flags, PageHead(slab) ? "head|" : "", page_to_nid(slab),
	       page_zonenum(slab));
}

static void slab_bug(struct kmem_cache *s, const char *fmt, ...) __printf(2, 3);
static void slab_bug(struct kmem_cache *s, const char *fmt, ...)
{
	char msg[160];
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	if (!in_bytes_report)
		slub_debug_errors++;
	pr_err("=============================================================================\n");
	pr_err("BUG %s (%s): %s\n", s ? s->name : "<unknown>", print_tainted(), msg);
	pr_err("-----------------------------------------------------------------------------\n\n");
}

void slab_fix(struct kmem_cache *s, const char *fmt, ...)
{
	char msg[160];
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	pr_err("FIX %s: %s\n", s->name, msg);
}

static void print_trailer(struct kmem_cache *s, struct page *slab, u8 *p)
{
	u8 *addr = slab_address(slab);
	unsigned int off;

	print_tracking(s, p);
	print_slab_info(slab);
	pr_err("Object 0x%p @offset=%lu fp=0x%p\n\n", p, (unsigned long)(p - addr), get_freepointer(s, p));
	if (s->flags & SLAB_RED_ZONE)
		print_section("Redzone  ", p - s->red_left_pad, s->red_left_pad);
	else if (p > addr + 16)
		print_section("Bytes b4 ", p - 16, 16);
	print_section("Object   ", p, min_t(unsigned int, s->object_size, PAGE_SIZE));
	if (s->flags & SLAB_RED_ZONE)
		print_section("Redzone  ", p + s->object_size, s->inuse - s->object_size);
	off = get_info_end(s);
	if (s->flags & SLAB_STORE_USER)
		off += 2 * sizeof(struct track);
	if (slub_debug_orig_size(s))
		off += sizeof(unsigned long);
	if (off != s->size - s->red_left_pad)
		print_section("Padding  ", p + off, s->size - s->red_left_pad - off);
}

void object_err(struct kmem_cache *s, struct page *slab, u8 *object, const char *reason)
{
	slab_bug(s, "%s", reason);
	if (!object || !check_valid_pointer(s, slab, object)) {
		print_slab_info(slab);
		pr_err("Invalid pointer 0x%p\n", object);
	} else {
		print_trailer(s, slab, object);
	}
	taint_bad_page();
}

void slab_err(struct kmem_cache *s, struct page *slab, const char *fmt, ...)
{
	char msg[160];
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	slab_bug(s, "%s", msg);
	print_slab_info(slab);
	taint_bad_page();
}

/* init_object: red zones with val (active or inactive), and the poison of a free object. */
static void init_object(struct kmem_cache *s, void *object, u8 val)
{
	u8 *p = object;
	unsigned int poison_size = s->object_size;

	if (s->flags & SLAB_RED_ZONE) {
		memset(p - s->red_left_pad, val, s->red_left_pad);
		if (slub_debug_orig_size(s) && val == SLUB_RED_ACTIVE)
			poison_size = get_orig_size(s, object);
	}
	if (s->flags & __OBJECT_POISON) {
		memset(p, POISON_FREE, poison_size - 1);
		p[poison_size - 1] = POISON_END;
	}
	if (s->flags & SLAB_RED_ZONE)
		memset(p + poison_size, val, s->inuse - poison_size);
}

static void restore_bytes(struct kmem_cache *s, const char *message, u8 data, u8 *from, u8 *to)
{
	slab_fix(s, "Restoring %s 0x%p-0x%p=0x%x", message, from, to - 1, data);
	memset(from, data, (size_t)(to - from));
}

/* memchr_inv: the first byte that is not value; eight at a time where aligned (poison checks are hot). */
static u8 *memchr_inv(u8 *start, u8 value, unsigned int bytes)
{
	u64 pattern = 0x0101010101010101ULL * value, word;
	unsigned int i = 0;

	for (; i < bytes && ((uintptr_t)(start + i) & 7); i++)
		if (start[i] != value)
			return start + i;
	for (; i + 8 <= bytes; i += 8) {
		memcpy(&word, start + i, 8);
		if (word != pattern)
			break;
	}
	for (; i < bytes; i++)
		if (start[i] != value)
			return start + i;
	return NULL;
}

/* check_bytes_and_report: the first and last wrong byte, the object's report, then the bytes restored. */
static int check_bytes_and_report(struct kmem_cache *s, struct page *slab, u8 *object, const char *what,
				  u8 *start, u8 value, unsigned int bytes, bool slab_obj_print)
{
	u8 *addr = slab_address(slab);
	u8 *fault = memchr_inv(start, value, bytes), *end;

	if (!fault)
		return 1;
	end = start + bytes;
	while (end > fault && end[-1] == value)
		end--;
	slub_debug_errors++;
	pr_err("[%s overwritten] 0x%p-0x%p @offset=%lu. First byte 0x%x instead of 0x%x\n", what, fault, end - 1,
	       (unsigned long)(fault - addr), fault[0], value);
	if (slab_obj_print) {
		in_bytes_report = 1;
		object_err(s, slab, object, "Object corrupt");
		in_bytes_report = 0;
	}
	restore_bytes(s, what, value, fault, end);
	return 0;
}

static int check_pad_bytes(struct kmem_cache *s, struct page *slab, u8 *p)
{
	unsigned long off = get_info_end(s);
	unsigned int size_from_object = s->size - s->red_left_pad;

	if (s->flags & SLAB_STORE_USER) {
		off += 2 * sizeof(struct track);
		if (s->flags & SLAB_KMALLOC)
			off += sizeof(unsigned long);
	}
	if (size_from_object == off)
		return 1;
	return check_bytes_and_report(s, slab, p, "Object padding", p + off, POISON_INUSE,
				      (unsigned int)(size_from_object - off), true);
}

/* slab_pad_check: the bytes after the last object of a poisoned slab stay POISON_INUSE. */
static void slab_pad_check(struct kmem_cache *s, struct page *slab)
{
	u8 *start, *end, *pad, *fault;
	size_t length, remainder;

	if (!(s->flags & SLAB_POISON))
		return;
	start = slab_address(slab);
	length = slab_size(slab);
	end = start + length;
	remainder = length % s->size;
	if (!remainder)
		return;
	pad = end - remainder;
	fault = memchr_inv(pad, POISON_INUSE, (unsigned int)remainder);
	if (!fault)
		return;
	while (end > fault && end[-1] == POISON_INUSE)
		end--;
	slab_bug(s, "Padding overwritten. 0x%p-0x%p @offset=%lu", fault, end - 1, (unsigned long)(fault - start));
	print_section("Padding ", pad, (unsigned int)remainder);
	print_slab_info(slab);
	taint_bad_page();
	restore_bytes(s, "slab padding", POISON_INUSE, fault, end);
}

/* check_object: red zones, poison, padding and the free pointer of one object (val: active or not). */
static int check_object(struct kmem_cache *s, struct page *slab, void *object, u8 val)
{
	u8 *p = object, *endobject = p + s->object_size;
	int ret = 1;

	if (s->flags & SLAB_RED_ZONE) {
		if (!check_bytes_and_report(s, slab, p, "Left Redzone", p - s->red_left_pad, val, s->red_left_pad,
					    ret))
			ret = 0;
		if (!check_bytes_and_report(s, slab, p, "Right Redzone", endobject, val, s->inuse - s->object_size,
					    ret))
			ret = 0;
		if (slub_debug_orig_size(s) && val == SLUB_RED_ACTIVE) {
			unsigned int orig_size = get_orig_size(s, object);

			if (s->object_size > orig_size &&
			    !check_bytes_and_report(s, slab, p, "kmalloc Redzone", p + orig_size, val,
						    s->object_size - orig_size, ret))
				ret = 0;
		}
	} else if ((s->flags & SLAB_POISON) && s->object_size < s->inuse) {
		if (!check_bytes_and_report(s, slab, p, "Alignment padding", endobject, POISON_INUSE,
					    s->inuse - s->object_size, ret))
			ret = 0;
	}
	if (s->flags & SLAB_POISON) {
		if (val != SLUB_RED_ACTIVE && (s->flags & __OBJECT_POISON)) {
			if (!check_bytes_and_report(s, slab, p, "Poison", p, POISON_FREE, s->object_size - 1, ret))
				ret = 0;
			if (!check_bytes_and_report(s, slab, p, "End Poison", p + s->object_size - 1, POISON_END, 1,
						    ret))
				ret = 0;
		}
		if (!check_pad_bytes(s, slab, p))
			ret = 0;
	}
	if ((freeptr_outside_object(s) || val != SLUB_RED_ACTIVE) &&
	    !check_valid_pointer(s, slab, get_freepointer(s, p))) {
		object_err(s, slab, p, "Freepointer corrupt");
		set_freepointer(s, p, NULL); /* the rest of the freelist is lost: isolated, not reused */
		ret = 0;
	}
	return ret;
}

int check_slab(struct kmem_cache *s, struct page *slab)
{
	unsigned int maxobj;

	if (!PageSlab(slab)) {
		slab_err(s, slab, "Not a valid slab page");
		return 0;
	}
	maxobj = order_objects(slab_order(slab), s->size);
	if (slab->objects > maxobj) {
		slab_err(s, slab, "objects %u > max %u", slab->objects, maxobj);
		return 0;
	}
	if (slab->inuse > slab->objects) {
		slab_err(s, slab, "inuse %u > max %u", slab->inuse, slab->objects);
		return 0;
	}
	if (slab->frozen && kmem_cache_debug(s)) {
		slab_err(s, slab, "Slab disabled since SLUB metadata consistency check failed");
		return 0;
	}
	slab_pad_check(s, slab);
	return 1;
}

/* on_freelist: whether search is on the slab's freelist; repairs a broken chain and the counters. */
static int on_freelist(struct kmem_cache *s, struct page *slab, void *search)
{
	unsigned int nr = 0, max_objects;
	void *fp = slab->freelist, *object = NULL;

	while (fp && nr <= slab->objects) {
		if (fp == search)
			return 1;
		if (!check_valid_pointer(s, slab, fp)) {
			if (object) {
				object_err(s, slab, object, "Freechain corrupt");
				set_freepointer(s, object, NULL);
			} else {
				slab_err(s, slab, "Freepointer corrupt");
				slab->freelist = NULL;
				slab->inuse = slab->objects;
				slab_fix(s, "Freelist cleared");
				return 0;
			}
			break;
		}
		object = fp;
		fp = get_freepointer(s, object);
		nr++;
	}
	max_objects = min(order_objects(slab_order(slab), s->size), (unsigned int)MAX_OBJS_PER_PAGE);
	if (slab->objects != max_objects) {
		slab_err(s, slab, "Wrong number of objects. Found %u but should be %u", slab->objects, max_objects);
		slab->objects = max_objects;
		slab_fix(s, "Number of objects adjusted");
	}
	if (slab->inuse != slab->objects - nr) {
		slab_err(s, slab, "Wrong object count. Counter is %u but counted were %u", slab->inuse,
			 slab->objects - nr);
		slab->inuse = slab->objects - nr;
		slab_fix(s, "Object count adjusted");
	}
	return search == NULL;
}

static void trace(struct kmem_cache *s, struct page *slab, void *object, int alloc)
{
	if (!(s->flags & SLAB_TRACE))
		return;
	pr_info("TRACE %s %s 0x%p inuse=%u fp=0x%p\n", s->name, alloc ? "alloc" : "free", object, slab->inuse,
		slab->freelist);
	if (!alloc)
		print_section("Object ", object, s->object_size);
}

/* ---- hooks used by mm/slub.c ---- */

void setup_object_debug(struct kmem_cache *s, void *object)
{
	if (!(s->flags & (SLAB_STORE_USER | SLAB_RED_ZONE | __OBJECT_POISON)))
		return;
	init_object(s, object, SLUB_RED_INACTIVE);
	init_tracking(s, object);
}

void setup_slab_debug(struct kmem_cache *s, struct page *slab, void *addr)
{
	if (s->flags & SLAB_POISON)
		memset(addr, POISON_INUSE, slab_size(slab));
}

bool alloc_debug_processing(struct kmem_cache *s, struct page *slab, void *object, unsigned int orig_size,
			    unsigned long addr)
{
	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		if (!check_slab(s, slab))
			goto bad;
		if (!check_valid_pointer(s, slab, object)) {
			object_err(s, slab, object, "Freelist Pointer check fails");
			goto bad;
		}
		if (!check_object(s, slab, object, SLUB_RED_INACTIVE))
			goto bad;
	}
	trace(s, slab, object, 1);
	set_orig_size(s, object, orig_size);
	init_object(s, object, SLUB_RED_ACTIVE);
	if (s->flags & SLAB_STORE_USER)
		set_track(s, object, TRACK_ALLOC, addr);
	return true;
bad:
	/* the slab can no longer be trusted: every object counts as used, and it is never reused */
	if (PageSlab(slab)) {
		slab_fix(s, "Marking all objects used");
		slab->inuse = slab->objects;
		slab->freelist = NULL;
		slab->frozen = 1;
	}
	return false;
}

static int free_consistency_checks(struct kmem_cache *s, struct page *slab, void *object)
{
	if (!check_valid_pointer(s, slab, object)) {
		slab_err(s, slab, "Invalid object pointer 0x%p", object);
		return 0;
	}
	if (on_freelist(s, slab, object)) {
		object_err(s, slab, object, "Object already free");
		return 0;
	}
	if (!check_object(s, slab, object, SLUB_RED_ACTIVE))
		return 0;
	if (s != slab->slab_cache) {
		object_err(s, slab, object, "page slab pointer corrupt.");
		return 0;
	}
	return 1;
}

bool free_debug_processing(struct kmem_cache *s, struct page *slab, void *object, unsigned long addr)
{
	bool ret = false;

	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		if (!check_slab(s, slab))
			goto out;
		if (slab->inuse < 1) {
			slab_err(s, slab, "Slab has %d allocated objects but %d are to be freed", slab->inuse, 1);
			goto out;
		}
		if (!free_consistency_checks(s, slab, object))
			goto out;
	} else if (object == slab->freelist || !check_valid_pointer(s, slab, object)) {
		/* without F only the cheap checks: not an object, or the freelist's head */
		object_err(s, slab, object, object == slab->freelist ? "Object already free" : "Invalid object pointer");
		goto out;
	}
	if (s->flags & SLAB_STORE_USER)
		set_track(s, object, TRACK_FREE, addr);
	trace(s, slab, object, 0);
	init_object(s, object, SLUB_RED_INACTIVE);
	ret = true;
out:
	if (!ret)
		slab_fix(s, "Object at 0x%p not freed", object);
	return ret;
}

/* list_slab_objects: the live objects of a slab a shutdown found. */
void list_slab_objects(struct kmem_cache *s, struct page *slab)
{
	u8 *addr = slab_address(slab);
	unsigned long map[(MAX_OBJS_PER_PAGE + 63) / 64];

	slab_bug(s, "Objects remaining on __kmem_cache_shutdown()");
	memset(map, 0, sizeof(map));
	for (void *p = slab->freelist; p && check_valid_pointer(s, slab, p); p = get_freepointer(s, p)) {
		unsigned long idx = (unsigned long)((u8 *)p - s->red_left_pad - addr) / s->size;

		if (map[idx / 64] & (1UL << (idx % 64)))
			break; /* a loop in a corrupted freelist */
		map[idx / 64] |= 1UL << (idx % 64);
	}
	for (unsigned int i = 0; i < slab->objects; i++) {
		u8 *p = fixup_red_left(s, addr + (size_t)i * s->size);

		if (!(map[i / 64] & (1UL << (i % 64)))) {
			pr_err("Object 0x%p @offset=%lu\n", p, (unsigned long)(p - addr));
			print_tracking(s, p);
		}
	}
	print_slab_info(slab);
	taint_bad_page();
}

/* ---- validation ---- */

static void validate_slab(struct kmem_cache *s, struct page *slab, unsigned long *map)
{
	u8 *addr = slab_address(slab);

	if (!check_slab(s, slab) || !on_freelist(s, slab, NULL))
		return;
	memset(map, 0, ((MAX_OBJS_PER_PAGE + 63) / 64) * sizeof(long));
	for (void *p = slab->freelist; p; p = get_freepointer(s, p)) {
		unsigned long idx = (unsigned long)((u8 *)p - s->red_left_pad - addr) / s->size;

		map[idx / 64] |= 1UL << (idx % 64);
	}
	for (unsigned int i = 0; i < slab->objects; i++) {
		u8 *p = fixup_red_left(s, addr + (size_t)i * s->size);
		u8 val = (map[i / 64] & (1UL << (i % 64))) ? SLUB_RED_INACTIVE : SLUB_RED_ACTIVE;

		if (!check_object(s, slab, p, val))
			break;
	}
}

static void validate_list(struct kmem_cache *s, struct list_head *head, unsigned long *map, unsigned long *count)
{
	struct list_head *pos;

	list_for_each(pos, head) {
		validate_slab(s, list_entry(pos, struct page, slab_list), map);
		(*count)++;
	}
}

/* validate_slab_cache: every slab of every node (cpu slabs flushed first); returns the errors found. */
long validate_slab_cache(struct kmem_cache *s)
{
	static unsigned long map[(MAX_OBJS_PER_PAGE + 63) / 64];
	unsigned long before = slub_debug_errors;
	struct kmem_cache_node *n;
	int nid;

	flush_all(s);
	for_each_kmem_cache_node(s, nid, n) {
		unsigned long count = 0;

		validate_list(s, &n->partial, map, &count);
		if (count != n->nr_partial) {
			pr_err("SLUB %s: %lu partial slabs counted but counter=%lu\n", s->name, count, n->nr_partial);
			slub_debug_errors++;
		}
		validate_list(s, &n->full, map, &count);
		if (count != n->nr_slabs) {
			pr_err("SLUB: %s %lu slabs counted but counter=%lu\n", s->name, count, n->nr_slabs);
			slub_debug_errors++;
		}
	}
	return (long)(slub_debug_errors - before);
}

long kmem_cache_validate(struct kmem_cache *s)
{
	return s ? validate_slab_cache(s) : -1;
}

long kmem_cache_validate_all(void)
{
	struct kmem_cache *s;
	long errors = 0;

	for_each_kmem_cache(s)
		errors += validate_slab_cache(s);
	return errors;
}
