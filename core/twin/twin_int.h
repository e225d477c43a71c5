/* What the twin's files share: the plant as the scheduler reads it. */
#ifndef MES_TWIN_INT_H
#define MES_TWIN_INT_H

#include "base/internal.h"
#include "production/schedule_int.h"
#include "twin.h"

#endif
