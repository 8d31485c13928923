/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * libcurl, loaded on first use. Include this instead of <curl/curl.h>: the
 * curl_* calls of the HTTP client then go through a table of the library's
 * functions that _ww_curl_load() fills with dlopen(), so a program that
 * links libwegwijs-core only loads libcurl (and GnuTLS, Kerberos, LDAP,
 * SSH, ... with their constructors) when it first makes a request, not on
 * every start. Call nothing below before _ww_curl_load() returned TRUE.
 */

#pragma once

#include <glib.h>

/* The type-checking wrappers would expand to direct calls. */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

G_BEGIN_DECLS

typedef struct
{
  __typeof__ (curl_global_init)         *global_init;
  __typeof__ (curl_version_info)        *version_info;
  __typeof__ (curl_getdate)             *getdate;
  __typeof__ (curl_easy_init)           *easy_init;
  __typeof__ (curl_easy_setopt)         *easy_setopt;
  __typeof__ (curl_easy_getinfo)        *easy_getinfo;
  __typeof__ (curl_easy_strerror)       *easy_strerror;
  __typeof__ (curl_easy_cleanup)        *easy_cleanup;
  __typeof__ (curl_multi_init)          *multi_init;
  __typeof__ (curl_multi_setopt)        *multi_setopt;
  __typeof__ (curl_multi_add_handle)    *multi_add_handle;
  __typeof__ (curl_multi_remove_handle) *multi_remove_handle;
  __typeof__ (curl_multi_socket_action) *multi_socket_action;
  __typeof__ (curl_multi_info_read)     *multi_info_read;
  __typeof__ (curl_multi_cleanup)       *multi_cleanup;
  __typeof__ (curl_slist_append)        *slist_append;
  __typeof__ (curl_slist_free_all)      *slist_free_all;
} WwCurl;

extern WwCurl _ww_curl;

gboolean _ww_curl_load (GError **error);

/* curl.h defines some of these as macros of themselves. */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#undef curl_multi_setopt

#define curl_global_init (_ww_curl.global_init)
#define curl_version_info (_ww_curl.version_info)
#define curl_getdate (_ww_curl.getdate)
#define curl_easy_init (_ww_curl.easy_init)
#define curl_easy_setopt (_ww_curl.easy_setopt)
#define curl_easy_getinfo (_ww_curl.easy_getinfo)
#define curl_easy_strerror (_ww_curl.easy_strerror)
#define curl_easy_cleanup (_ww_curl.easy_cleanup)
#define curl_multi_init (_ww_curl.multi_init)
#define curl_multi_setopt (_ww_curl.multi_setopt)
#define curl_multi_add_handle (_ww_curl.multi_add_handle)
#define curl_multi_remove_handle (_ww_curl.multi_remove_handle)
#define curl_multi_socket_action (_ww_curl.multi_socket_action)
#define curl_multi_info_read (_ww_curl.multi_info_read)
#define curl_multi_cleanup (_ww_curl.multi_cleanup)
#define curl_slist_append (_ww_curl.slist_append)
#define curl_slist_free_all (_ww_curl.slist_free_all)

G_END_DECLS
