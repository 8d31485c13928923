/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * WwKioskTextSize:
 * @WW_KIOSK_TEXT_SIZE_NORMAL: body text of 24 px
 * @WW_KIOSK_TEXT_SIZE_LARGE: body text of 32 px
 * @WW_KIOSK_TEXT_SIZE_LARGER: body text of 40 px
 *
 * The three text sizes a resident can choose. The nicks are those of the
 * `text-size` key of the nl.wegwijs.Kiosk schema.
 */
typedef enum
{
  WW_KIOSK_TEXT_SIZE_NORMAL,
  WW_KIOSK_TEXT_SIZE_LARGE,
  WW_KIOSK_TEXT_SIZE_LARGER,
} WwKioskTextSize;

/**
 * WwKioskScreen:
 * @WW_KIOSK_SCREEN_WELCOME: the greeting, before anyone touched the screen
 * @WW_KIOSK_SCREEN_LANGUAGE: choose a language
 * @WW_KIOSK_SCREEN_HOME: the categories and the service search
 * @WW_KIOSK_SCREEN_CATEGORY: the services of one category
 * @WW_KIOSK_SCREEN_SERVICE: the guide through one service
 * @WW_KIOSK_SCREEN_HELP: how to get help from a person
 * @WW_KIOSK_SCREEN_ADMIN: the PIN pad and the admin panel
 *
 * The screens a resident (or an admin) can be on.
 */
typedef enum
{
  WW_KIOSK_SCREEN_WELCOME,
  WW_KIOSK_SCREEN_LANGUAGE,
  WW_KIOSK_SCREEN_HOME,
  WW_KIOSK_SCREEN_CATEGORY,
  WW_KIOSK_SCREEN_SERVICE,
  WW_KIOSK_SCREEN_HELP,
  WW_KIOSK_SCREEN_ADMIN,
} WwKioskScreen;

/**
 * WwKioskIdleState:
 * @WW_KIOSK_IDLE_STATE_STOPPED: nobody is using the kiosk; nothing is timed
 * @WW_KIOSK_IDLE_STATE_ACTIVE: a resident is using the kiosk
 * @WW_KIOSK_IDLE_STATE_WARNING: nobody touched the kiosk for a while; the
 *   warning counts down
 *
 * Where the idle monitor stands.
 */
typedef enum
{
  WW_KIOSK_IDLE_STATE_STOPPED,
  WW_KIOSK_IDLE_STATE_ACTIVE,
  WW_KIOSK_IDLE_STATE_WARNING,
} WwKioskIdleState;

/**
 * WwKioskKeyboardLayout:
 * @WW_KIOSK_KEYBOARD_LAYOUT_LATIN: Latin letters, with the accents of the
 *   session language
 * @WW_KIOSK_KEYBOARD_LAYOUT_ARABIC: Arabic letters
 * @WW_KIOSK_KEYBOARD_LAYOUT_CYRILLIC: Ukrainian Cyrillic letters
 *
 * The key layouts of the on-screen keyboard.
 */
typedef enum
{
  WW_KIOSK_KEYBOARD_LAYOUT_LATIN,
  WW_KIOSK_KEYBOARD_LAYOUT_ARABIC,
  WW_KIOSK_KEYBOARD_LAYOUT_CYRILLIC,
} WwKioskKeyboardLayout;

G_END_DECLS
