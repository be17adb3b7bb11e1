/*
 * vsnprintf with the semantics of Linux's lib/vsprintf.c for the conversions
 * mm/ uses, so printed lines match a real dmesg byte for byte. The one
 * difference from C's printf that matters: '#' with hex always prints "0x",
 * also for zero ("%#010Lx" of 0 is "0x00000000").
 *
 * Supported: flags "-+ #0", width and precision (numbers or '*'), lengths
 * hh h l ll L z t j, conversions d i u x X o c s p %.
 */
#include <linux/kernel.h>
#include <linux/string.h>

enum { F_LEFT = 1, F_PLUS = 2, F_SPACE = 4, F_SPECIAL = 8, F_ZEROPAD = 16, F_SIGN = 32, F_UPPER = 64 };

struct out {
	char *buf;
	size_t size;
	size_t pos; /* length the full output would have */
};

static void put(struct out *o, char c)
{
	if (o->pos + 1 < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

static void put_n(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void number(struct out *o, unsigned long long num, int base, int flags, int width, int precision)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[24];
	char sign = 0;
	int n = 0, prefix = 0;

	if ((flags & F_SIGN) && (long long)num < 0) {
		sign = '-';
		num = 0 - num; /* unsigned negation: LLONG_MIN has no signed opposite */
	} else if (flags & F_SIGN) {
		sign = (flags & F_PLUS) ? '+' : (flags & F_SPACE) ? ' ' : 0;
	}
	if (sign)
		width--;
	if ((flags & F_SPECIAL) && base == 16) {
		prefix = 2;
		width -= 2;
	} else if ((flags & F_SPECIAL) && base == 8 && num != 0) {
		prefix = 1;
		width--;
	}

	/* Zero prints one digit even with precision 0, as Linux's number() does. */
	do {
		char d = digits[num % base];

		tmp[n++] = (flags & F_UPPER) && d >= 'a' ? (char)(d - 'a' + 'A') : d;
		num /= base;
	} while (num);
	if (precision < n)
		precision = n;
	width -= precision;

	if (!(flags & (F_LEFT | F_ZEROPAD)))
		put_n(o, ' ', width), width = 0;
	if (sign)
		put(o, sign);
	if (prefix) {
		put(o, '0');
		if (base == 16)
			put(o, (flags & F_UPPER) ? 'X' : 'x');
	}
	if (!(flags & F_LEFT) && (flags & F_ZEROPAD))
		put_n(o, '0', width), width = 0;
	put_n(o, '0', precision - n);
	while (n)
		put(o, tmp[--n]);
	put_n(o, ' ', width);
}

static void string(struct out *o, const char *s, int flags, int width, int precision)
{
	size_t len;

	if (!s)
		s = "(null)";
	len = strnlen(s, precision < 0 ? (size_t)-1 : (size_t)precision);
	if (!(flags & F_LEFT))
		put_n(o, ' ', width - (int)len);
	for (size_t i = 0; i < len; i++)
		put(o, s[i]);
	if (flags & F_LEFT)
		put_n(o, ' ', width - (int)len);
}

static int parse_int(const char **fmt)
{
	int v = 0;

	while (**fmt >= '0' && **fmt <= '9')
		v = v * 10 + (*(*fmt)++ - '0');
	return v;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		int flags = 0, width = -1, precision = -1, base = 10;
		char qual = 0;
		unsigned long long num;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (;;) {
			char c = *++fmt;

			if (c == '-') flags |= F_LEFT;
			else if (c == '+') flags |= F_PLUS;
			else if (c == ' ') flags |= F_SPACE;
			else if (c == '#') flags |= F_SPECIAL;
			else if (c == '0') flags |= F_ZEROPAD;
			else break;
		}
		if (*fmt == '*') {
			width = va_arg(args, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = -width;
			}
			fmt++;
		} else if (*fmt >= '0' && *fmt <= '9') {
			width = parse_int(&fmt);
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				precision = va_arg(args, int);
				fmt++;
			} else {
				precision = parse_int(&fmt);
			}
			if (precision < 0)
				precision = 0;
		}
		if (*fmt == 'h' || *fmt == 'l' || *fmt == 'L' || *fmt == 'z' || *fmt == 't' || *fmt == 'j') {
			qual = *fmt++;
			if (qual == 'l' && *fmt == 'l') {
				qual = 'L';
				fmt++;
			} else if (qual == 'h' && *fmt == 'h') {
				qual = 'H';
				fmt++;
			}
		}

		switch (*fmt) {
		case 'c':
			if (!(flags & F_LEFT))
				put_n(&o, ' ', width - 1);
			put(&o, (char)va_arg(args, int));
			if (flags & F_LEFT)
				put_n(&o, ' ', width - 1);
			continue;
		case 's':
			string(&o, va_arg(args, const char *), flags, width, precision);
			continue;
		case 'p':
			/*
			 * Linux hashes %p; efimm has no secrets to hide, so print the
			 * address as Linux's pointer_string does (%px, no_hash_pointers):
			 * 16 zero-padded hex digits, no 0x. Extension letters (%px, %pK)
			 * are skipped as Linux's pointer() skips them.
			 */
			number(&o, (unsigned long)va_arg(args, void *), 16, flags | (width < 0 ? F_ZEROPAD : 0),
			       width < 0 ? 16 : width, precision);
			while ((fmt[1] >= 'a' && fmt[1] <= 'z') || (fmt[1] >= 'A' && fmt[1] <= 'Z') ||
			       (fmt[1] >= '0' && fmt[1] <= '9'))
				fmt++;
			continue;
		case '%':
			put(&o, '%');
			continue;
		case 'o':
			base = 8;
			break;
		case 'X':
			flags |= F_UPPER;
			/* fall through */
		case 'x':
			base = 16;
			break;
		case 'd':
		case 'i':
			flags |= F_SIGN;
			break;
		case 'u':
			break;
		case '\0':
			fmt--;
			continue;
		default:
			/*
			 * Unknown conversion: Linux 6.12 stops formatting here (the
			 * arguments can no longer be matched to the format).
			 */
			goto out;
		}
		/* Unlike C, a precision does not cancel '0' (Linux's number() pads with both). */

		switch (qual) {
		case 'L':
			num = va_arg(args, unsigned long long);
			break;
		case 'l':
		case 'z':
		case 't':
		case 'j':
			num = va_arg(args, unsigned long);
			if (flags & F_SIGN)
				num = (long long)(long)num;
			break;
		case 'h':
			num = (unsigned short)va_arg(args, int);
			if (flags & F_SIGN)
				num = (long long)(short)num;
			break;
		case 'H':
			num = (unsigned char)va_arg(args, int);
			if (flags & F_SIGN)
				num = (long long)(signed char)num;
			break;
		default:
			num = va_arg(args, unsigned int);
			if (flags & F_SIGN)
				num = (long long)(int)num;
			break;
		}
		number(&o, num, base, flags, width, precision);
	}
out:
	if (size)
		buf[o.pos < size ? o.pos : size - 1] = '\0';
	return (int)o.pos;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}

/* Like snprintf but returns what was written, never more than size - 1. */
int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	if (!size)
		return 0;
	va_start(args, fmt);
	n = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return (size_t)n < size ? n : (int)size - 1;
}
