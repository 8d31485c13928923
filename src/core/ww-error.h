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
 * @WW_ERROR_UNAUTHORIZED: no valid credentials (token missing, expired or revoked)
 * @WW_ERROR_PERMISSION_DENIED: valid credentials, but not for this
 * @WW_ERROR_CONFLICT: the thing changed meanwhile (another volunteer was faster)
 * @WW_ERROR_UNPROCESSABLE: well-formed, but cannot be done (a reused idempotency key)
 * @WW_ERROR_RATE_LIMITED: too many attempts; try again later
 * @WW_ERROR_UNAVAILABLE: cannot be done right now (the disk is full, the
 *   database does not answer); nothing was changed, try again later
 * @WW_ERROR_CLOSED: nobody is there to do it now (no volunteer on duty)
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
  WW_ERROR_UNAUTHORIZED,
  WW_ERROR_PERMISSION_DENIED,
  WW_ERROR_CONFLICT,
  WW_ERROR_UNPROCESSABLE,
  WW_ERROR_RATE_LIMITED,
  WW_ERROR_UNAVAILABLE,
  WW_ERROR_CLOSED,
} WwError;

GQuark ww_error_quark (void);

G_END_DECLS
