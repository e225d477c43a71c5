/* The traveler barcode ("WO-1001/10") that every program reads through
 * core's mes_traveler_parse(). */
#include <string.h>
#include "mes.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[512], wo[33];
	int seq = 0;

	if (size >= sizeof text)
		size = sizeof text - 1;
	memcpy(text, data, size);
	text[size] = 0;
	if (mes_traveler_parse(text, wo, sizeof wo, &seq) == MES_OK &&
	    (seq <= 0 || seq > 99999 || !wo[0] || strlen(wo) >= sizeof wo))
		__builtin_trap();
	return 0;
}
