/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ww-catalog.h"
#include "ww-catalog-problem.h"
#include "ww-category.h"
#include "ww-enum-types.h"
#include "ww-enums.h"
#include "ww-error.h"
#include "ww-io.h"
#include "ww-json.h"
#include "ww-language.h"
#include "ww-service.h"
#include "ww-step.h"
#include "ww-text.h"
#include "ww-upl.h"
