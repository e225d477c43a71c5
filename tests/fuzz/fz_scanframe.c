/*
 * A serial scanner's bytes as they come off a line at the wrong baud
 * rate (noise, NULs, no terminator, endless lines), cut into reads of
 * random sizes at random times.  The first bytes choose the framing
 * settings, so prefix, suffix, GS substitute and terminators are fuzzed
 * too.  Every scan handed on must be whole: no NUL inside, within
 * max_len.
 */
#include <string.h>
#include "scanner/scan_frame.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mes_scan_frame_cfg c;
	struct mes_scan_frame *f;
	struct mes_scan_event ev;
	char err[256];
	long long now = 1000;
	size_t i = 0;

	if (size < 6)
		return 0;
	mes_scan_frame_cfg_default(&c);
	c.term = (enum mes_scan_term)(data[0] % 3);
	c.prefix_len = data[1] % 3;
	memcpy(c.prefix, "]C", c.prefix_len);
	c.suffix_len = data[2] % 2;
	memcpy(c.suffix, "\t", c.suffix_len);
	c.gs_sub = data[3] % 4 == 0 ? -1 : '~';
	c.timeout_ms = (data[4] % 4) * 50;
	c.max_len = 1 + data[5] * 4;
	if (mes_scan_frame_new(&f, &c, err, sizeof err) != 0)
		return 0;
	data += 6;
	size -= 6;
	while (i < size) {
		size_t chunk = 1 + data[i] % 64, used;

		now += data[i] % 97;
		i++;
		if (chunk > size - i)
			chunk = size - i;
		while (chunk > 0) {
			used = mes_scan_frame_feed(f, data + i, chunk, now, &ev);
			if (ev.kind == MES_SCAN_DATA &&
			    (ev.len > c.max_len || memchr(ev.data, 0, ev.len) ||
			     ev.data[ev.len] != 0))
				__builtin_trap();
			i += used;
			chunk -= used;
			if (!used && ev.kind == MES_SCAN_NONE)
				break;
		}
		mes_scan_frame_tick(f, now, &ev);
	}
	mes_scan_frame_reset(f, "unplugged", &ev);
	mes_scan_frame_free(f);
	return 0;
}
