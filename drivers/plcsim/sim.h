/*
 * The machines mes-plcsim pretends to be: a register image per machine
 * that a seeded model moves forward in simulated time.  No I/O: the
 * server in prog/ feeds it requests, the tests feed it time.
 *
 * Machine m (0-based) occupies addresses m*100 .. m*100+11 of the
 * holding registers, m*100 .. +1 of the input registers and discrete
 * inputs, and m*100 of the coils; mes_sim_tags() lists them.  Other
 * addresses are unmapped: reading one is exception 02, as on a real PLC.
 */
#ifndef MES_SIM_H
#define MES_SIM_H

#include <stddef.h>
#include <stdint.h>
#include "modbus/mb.h"

#define MES_SIM_STRIDE 100
#define MES_SIM_MAX_MACHINES 100

/* State codes in the state register. */
enum { MES_SIM_RUNNING = 1, MES_SIM_IDLE = 2, MES_SIM_DOWN = 3,
       MES_SIM_SETUP = 4 };

struct mes_sim_opts {
	int machines;           /* 1 .. MES_SIM_MAX_MACHINES */
	uint64_t seed;
	double fault_rate;      /* breakdowns per running hour */
	uint32_t counter_start; /* first value of the counters */
};

/* One register of a machine, as a mes.ini tag: spec has a %u for the
 * address. */
struct mes_sim_tag {
	const char *name;
	enum mes_mb_kind kind;
	unsigned offset;
	const char *spec;
};

/* One state.<code> or fault.<code> line of the map. */
struct mes_sim_code {
	int code;
	const char *text;
};

struct mes_sim;

void mes_sim_opts_default(struct mes_sim_opts *o);
int mes_sim_new(struct mes_sim **out, const struct mes_sim_opts *o);
void mes_sim_free(struct mes_sim *s);

/* Moves every machine dt simulated seconds on. */
void mes_sim_step(struct mes_sim *s, double dt);
/* All counters back to zero: a PLC that restarted. */
void mes_sim_restart_counters(struct mes_sim *s);

/*
 * Reads count values of kind from addr into out (bits as 0/1 words).
 * 0, or the Modbus exception code: 2 when any address is unmapped.
 */
int mes_sim_read(const struct mes_sim *s, enum mes_mb_kind kind,
                 unsigned addr, unsigned count, uint16_t *out);

const struct mes_sim_tag *mes_sim_tags(size_t *n);
const struct mes_sim_code *mes_sim_states(size_t *n);
const struct mes_sim_code *mes_sim_faults(size_t *n);

#endif
