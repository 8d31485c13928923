/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Loads libcurl when the first HTTP request needs it (see ww-curl.h). The
 * kiosk's first frame needs no network: its hub connection starts after
 * that frame, so the library's ~25 dependencies no longer weigh on every
 * start. Loading happens once, on the thread of the first request; a
 * library that cannot be loaded is a request error, not a crash.
 */

#include "config.h"

#include "ww-curl.h"

#include <dlfcn.h>

#include "ww-http-error.h"

WwCurl _ww_curl;

typedef struct
{
  const char *name;
  gsize       offset;
} Symbol;

#define SYMBOL(field, name)                                                                                            \
  {                                                                                                                    \
    name, G_STRUCT_OFFSET (WwCurl, field)                                                                              \
  }

static const Symbol symbols[] = {
  SYMBOL (global_init, "curl_global_init"),
  SYMBOL (version_info, "curl_version_info"),
  SYMBOL (getdate, "curl_getdate"),
  SYMBOL (easy_init, "curl_easy_init"),
  SYMBOL (easy_setopt, "curl_easy_setopt"),
  SYMBOL (easy_getinfo, "curl_easy_getinfo"),
  SYMBOL (easy_strerror, "curl_easy_strerror"),
  SYMBOL (easy_cleanup, "curl_easy_cleanup"),
  SYMBOL (multi_init, "curl_multi_init"),
  SYMBOL (multi_setopt, "curl_multi_setopt"),
  SYMBOL (multi_add_handle, "curl_multi_add_handle"),
  SYMBOL (multi_remove_handle, "curl_multi_remove_handle"),
  SYMBOL (multi_socket_action, "curl_multi_socket_action"),
  SYMBOL (multi_info_read, "curl_multi_info_read"),
  SYMBOL (multi_cleanup, "curl_multi_cleanup"),
  SYMBOL (slist_append, "curl_slist_append"),
  SYMBOL (slist_free_all, "curl_slist_free_all"),
};

/* Fills the table; on failure, returns why. The library stays loaded for
 * the life of the process, as a linked one would. */
static char *
load (void)
{
  void  *library = dlopen (WW_CURL_SONAME, RTLD_NOW | RTLD_LOCAL);
  WwCurl loaded;

  if (library == NULL)
    return g_strdup (dlerror ());

  for (gsize i = 0; i < G_N_ELEMENTS (symbols); i++)
    {
      void *address = dlsym (library, symbols[i].name);

      if (address == NULL)
        {
          char *reason = g_strdup_printf ("%s has no %s", WW_CURL_SONAME, symbols[i].name);

          dlclose (library);
          return reason;
        }
      G_STRUCT_MEMBER (void *, &loaded, symbols[i].offset) = address;
    }

  /* Not thread-safe in libcurl 7.88, so inside the once. */
  if (loaded.global_init (CURL_GLOBAL_DEFAULT) != CURLE_OK)
    return g_strdup_printf ("%s failed to initialise", WW_CURL_SONAME);

  _ww_curl = loaded;
  return NULL;
}

/**
 * _ww_curl_load:
 * @error: return location for a %WW_HTTP_ERROR_FAILED
 *
 * Loads libcurl and initialises it, the first time; afterwards only says
 * how that went.
 *
 * Returns: %TRUE when the curl_* functions of ww-curl.h can be called
 */
gboolean
_ww_curl_load (GError **error)
{
  static gsize       done = 0;
  static const char *failure = NULL;

  if (g_once_init_enter (&done))
    {
      failure = load ();
      g_once_init_leave (&done, 1);
    }

  if (failure != NULL)
    {
      g_set_error (error, WW_HTTP_ERROR, WW_HTTP_ERROR_FAILED, "HTTPS is not available: cannot load %s: %s",
                   WW_CURL_SONAME, failure);
      return FALSE;
    }
  return TRUE;
}
