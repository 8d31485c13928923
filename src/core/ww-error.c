/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "ww-error.h"

G_DEFINE_QUARK (ww - error - quark, ww_error)
