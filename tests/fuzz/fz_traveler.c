/* The traveler barcode ("WO-1001/10") that mes-dispatch jumps to: the
 * parser stays in console/dispatch/ops.c, linked in as it ships. */
#include <string.h>
#include "dispatch/dispatch.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[512], wo[33];
	int seq = 0;

	if (size >= sizeof text)
		size = sizeof text - 1;
	memcpy(text, data, size);
	text[size] = 0;
	if (traveler_parse(text, wo, sizeof wo, &seq) &&
	    (seq <= 0 || strlen(wo) >= sizeof wo))
		__builtin_trap();
	return 0;
}
