/* GS1 element strings in each form, then what is done with a good one:
 * the association rules and writing it back out. */
#include <string.h>
#include "gs1.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum mes_gs1_form forms[] = {
		MES_GS1_SCAN, MES_GS1_SCAN_NO_AIM, MES_GS1_BRACKETED
	};
	struct mes_gs1_opts o;
	struct mes_gs1_msg m;
	char err[256], out[1024], gtin[15];
	size_t i;

	memset(&o, 0, sizeof o);
	o.ref_year = 2026;
	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		o.form = forms[i];
		if (mes_gs1_parse(data, size, &o, &m, err, sizeof err) != 0)
			continue;
		mes_gs1_check_assoc(&m, err, sizeof err);
		mes_gs1_format(&m, MES_GS1_BRACKETED, out, sizeof out);
		mes_gs1_format(&m, MES_GS1_SCAN, out, sizeof out);
		mes_gs1_format(&m, MES_GS1_SCAN, out, 8);
		mes_gs1_find(&m, "10");
	}
	if (size < 64) {
		char s[64];

		memcpy(s, data, size);
		s[size] = 0;
		mes_gs1_gtin_normalize(s, gtin, err, sizeof err);
	}
	return 0;
}
