// SPDX-License-Identifier: MIT
/*
 * fmt.c - the subset of printf formatting pid1 needs, with no floating point;
 * and the unpacking of the long texts the static build carries packed.
 */
#include "fmt.h"

#include <stdbool.h>
#include <stdint.h>

struct out {
	char *buf;
	size_t len, pos;
};

static void put(struct out *o, char c)
{
	if (o->pos + 1 < o->len)
		o->buf[o->pos] = c;
	o->pos++;
}

static void put_str(struct out *o, const char *s, size_t max)
{
	for (size_t i = 0; i < max && s[i] != '\0'; i++)
		put(o, s[i]);
}

static void put_number(struct out *o, unsigned long long v, int negative)
{
	char digits[24];
	int n = 0;

	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	if (negative)
		put(o, '-');
	while (n > 0)
		put(o, digits[--n]);
}

/* One conversion as written: "%[.N|.*][l|ll]C". */
struct spec {
	size_t precision; /* (size_t)-1: none */
	bool star;        /* ".*": the precision is the next argument */
	int longs;        /* how many 'l' */
	char conv;
};

/*
 * Reads the conversion after '%' into @sp. Returns a pointer to its last
 * character, or NULL if fmt.c does not implement it: the caller then stops
 * before it takes any argument, as any guess at the argument's type could
 * make it read the wrong one.
 */
static const char *parse_spec(const char *f, struct spec *sp)
{
	sp->precision = (size_t)-1;
	sp->star = false;
	sp->longs = 0;
	if (*f == '.') {
		f++;
		if (*f == '*') {
			sp->star = true;
			f++;
		} else {
			sp->precision = 0;
			for (; *f >= '0' && *f <= '9'; f++)
				sp->precision = sp->precision * 10 + (size_t)(*f - '0');
		}
	}
	for (; *f == 'l'; f++)
		sp->longs++;
	sp->conv = *f;
	switch (sp->conv) {
	case 's':
		return sp->longs == 0 ? f : NULL;
	case 'd':
	case 'u':
		/* printf pads with zeros to a precision; fmt.c would not, so it refuses. */
		return sp->longs <= 2 && sp->precision == (size_t)-1 && !sp->star ? f : NULL;
	case 'c':
	case '%':
		return sp->longs == 0 && sp->precision == (size_t)-1 && !sp->star ? f : NULL;
	default:
		return NULL;
	}
}

#ifdef PID1_PACKED_TEXT
/*
 * The TEXT() literals, as tests/trim-elf.py left them: their addresses are
 * where the linker put them, their bytes the packed stream, then zeros (the
 * section ends the file and the kernel fills the rest of its segment). All of
 * them are unpacked at the first use, into .bss: pages that only a pid1 with
 * something to say ever touches.
 */
extern char __start_pid1_text[], __stop_pid1_text[];

const char *fmt_text(const char *s)
{
	static char text[FMT_TEXT_MAX];
	static int done;
	uintptr_t at = (uintptr_t)s - (uintptr_t)__start_pid1_text;
	size_t size = (uintptr_t)__stop_pid1_text - (uintptr_t)__start_pid1_text;

	if (at >= size)
		return s;
	if (!done) {
		fmt_unpack(text, size, (const unsigned char *)__start_pid1_text);
		done = 1;
	}
	return text + at;
}
#endif

/*
 * clang-analyzer 14 analyses this function on its own and then takes the
 * va_list parameter for uninitialised; every caller passes a started one.
 */
// NOLINTBEGIN(clang-analyzer-valist.Uninitialized)
int fmt_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap)
{
	struct out o = { buf, len, 0 };
	struct spec sp;

	for (const char *f = fmt_text(fmt); *f != '\0'; f++) {
		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		f = parse_spec(f + 1, &sp);
		if (f == NULL) {
			put_str(&o, FMT_UNKNOWN, sizeof(FMT_UNKNOWN));
			break;
		}
		if (sp.star) {
			int p = va_arg(ap, int);

			sp.precision = p < 0 ? (size_t)-1 : (size_t)p;
		}
		if (sp.conv == 's') {
			const char *s = fmt_text(va_arg(ap, const char *));

			put_str(&o, s ? s : "(null)", sp.precision);
		} else if (sp.conv == '%') {
			put(&o, '%');
		} else {
			/*
			 * d, u and c, each read at its width as signed: an unsigned
			 * argument has the same bits at the same place on every ABI
			 * pid1 is built for, and is cut back to its width below.
			 */
			long long v = sp.longs == 2   ? va_arg(ap, long long)
				      : sp.longs == 1 ? va_arg(ap, long)
						      : va_arg(ap, int);

			if (sp.conv == 'c')
				put(&o, (char)v);
			else if (sp.conv == 'd')
				put_number(&o, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, v < 0);
			else
				put_number(&o,
					   sp.longs == 2   ? (unsigned long long)v
					   : sp.longs == 1 ? (unsigned long)v
							   : (unsigned)v,
					   0);
		}
	}
	if (len > 0)
		buf[o.pos < len ? o.pos : len - 1] = '\0';
	return (int)o.pos;
}

// NOLINTEND(clang-analyzer-valist.Uninitialized)

int fmt_snprintf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n;
}

/* As tests/pack-text.py's CODE_BITS and DISTANCE_BITS; its docstring has the format. */
#define PACK_CODE_BITS 12
#define PACK_DISTANCE_BITS 8

/* The bits, most significant first: @at counts them from the start of @in. */
struct bits {
	size_t at;
	const unsigned char *in;
};

static unsigned bit(struct bits *b)
{
	size_t at = b->at++;

	return b->in[at >> 3] >> (~at & 7) & 1;
}

/*
 * An Elias gamma code with its bits interleaved: while a 1 comes, the bit
 * after it is the number's next; one loop reads it. The first @plain bits
 * come without the 1: every distance has that many.
 */
static unsigned number(struct bits *b, int plain)
{
	unsigned v = 1;

	while (plain-- > 0 || bit(b))
		v = v << 1 | bit(b);
	return v;
}

size_t fmt_unpack(char *out, size_t size, const unsigned char *in)
{
	/* in[0] tells where the bits start, after the counts and the symbols: no loop to sum the counts. */
	struct bits b = { (size_t)*in * 8, in };
	char *o = out, *end = out + size;

	while (o < end) {
		/*
		 * Canonical Huffman: the codes of a length follow on from those of
		 * the length before, doubled, so code need only be counted past
		 * each length's codes, and the symbols stepped past with it.
		 */
		const unsigned char *count = in + 1, *sym = in + 1 + PACK_CODE_BITS;
		unsigned code = 0, n, back;

		while ((code = code << 1 | bit(&b)) >= *count) {
			code -= *count;
			sym += *count++;
		}
		if (sym[code] < 0x80) {
			*o++ = (char)sym[code];
			continue;
		}
		n = number(&b, 0) + 2;
		back = number(&b, PACK_DISTANCE_BITS) - (1 << PACK_DISTANCE_BITS) + 1;
		/*
		 * Byte by byte: a copy may overlap what it writes ("aaaa" from "a").
		 * A buffer too small for the text takes its first @size bytes.
		 */
		for (; n > 0 && o < end; n--, o++)
			*o = o[-(ptrdiff_t)back];
	}
	return (b.at + 7) / 8;
}
