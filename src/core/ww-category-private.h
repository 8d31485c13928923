/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ww-category.h"

G_BEGIN_DECLS

void _ww_category_add_service (WwCategory *self, WwService *service);

G_END_DECLS
