/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WW_ERROR (ww_error_quark ())

/**
 * WwError:
 * @WW_ERROR_FAILED: something went wrong that has no better code
 * @WW_ERROR_INVALID_DATA: input does not follow its format (JSON, CSV, …)
 * @WW_ERROR_TOO_LARGE: input is larger than the limit for its kind
 * @WW_ERROR_TOO_DEEP: JSON nests deeper than the limit
 * @WW_ERROR_NOT_FOUND: the thing asked for does not exist
 * @WW_ERROR_INVALID_CATALOG: the catalogue has errors; the problem list says which
 *
 * Codes a caller can act on. The message of such an error is meant for an
 * admin or a log; residents are shown a plain-language text chosen by code.
 */
typedef enum
{
  WW_ERROR_FAILED,
  WW_ERROR_INVALID_DATA,
  WW_ERROR_TOO_LARGE,
  WW_ERROR_TOO_DEEP,
  WW_ERROR_NOT_FOUND,
  WW_ERROR_INVALID_CATALOG,
} WwError;

GQuark ww_error_quark (void);

G_END_DECLS
