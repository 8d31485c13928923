/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Secrets. Tokens are 32 random bytes, shown once and stored only as a
 * SHA-256 hash: with 256 random bits a salt or a slow hash adds nothing,
 * and a stolen database holds no usable token. Passwords are people's, so
 * they get argon2id (libsodium) with parameters that keep one login near
 * 0.1–0.3 s on two cores; callers run it off the main loop.
 */

#include "config.h"

#include "ww-hub-token.h"

#include <sodium.h>
#include <string.h>

#include "wegwijs-core.h"

#define TOKEN_BYTES 32
#define PASSWORD_BYTES 12
#define MAX_TOKEN 128

gboolean
ww_hub_crypto_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_FAILED, "libsodium could not be initialised");
      return FALSE;
    }
  return TRUE;
}

char *
ww_hub_token_generate (const char *prefix)
{
  guchar bytes[TOKEN_BYTES];
  char   encoded[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  char  *token;

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (encoded, sizeof encoded, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);
  token = g_strconcat (prefix, encoded, NULL);
  sodium_memzero (encoded, sizeof encoded);

  return token;
}

char *
ww_hub_token_hash (const char *token)
{
  unsigned char digest[crypto_hash_sha256_BYTES];
  char         *hex = g_malloc (sizeof digest * 2 + 1);

  g_return_val_if_fail (token != NULL, NULL);

  /* The same lowercase hex SHA-256 as g_compute_checksum_for_string(),
   * without a GChecksum to allocate: this runs for every request. */
  crypto_hash_sha256 (digest, (const unsigned char *)token, strlen (token));
  sodium_bin2hex (hex, sizeof digest * 2 + 1, digest, sizeof digest);

  return hex;
}

/* Cheap checks before any lookup: a prefix we issue, URL-safe base64. */
gboolean
ww_hub_token_looks_valid (const char *token)
{
  gsize length;

  if (token == NULL)
    return FALSE;
  if (!g_str_has_prefix (token, WW_HUB_TOKEN_PREFIX_KIOSK) && !g_str_has_prefix (token, WW_HUB_TOKEN_PREFIX_SESSION))
    return FALSE;

  length = strlen (token);
  if (length < 20 || length > MAX_TOKEN)
    return FALSE;

  for (gsize i = 4; i < length; i++)
    if (!g_ascii_isalnum (token[i]) && token[i] != '-' && token[i] != '_')
      return FALSE;

  return TRUE;
}

/* Constant time in the length of the shorter input. */
gboolean
ww_hub_hash_equal (const char *a, const char *b)
{
  gsize length;

  if (a == NULL || b == NULL)
    return FALSE;

  length = strlen (a);
  if (length != strlen (b))
    return FALSE;

  return sodium_memcmp (a, b, length) == 0;
}

/* A password a volunteer can type: 16 characters of URL-safe base64. */
char *
ww_hub_password_generate (void)
{
  guchar bytes[PASSWORD_BYTES];
  char   encoded[sodium_base64_ENCODED_LEN (PASSWORD_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (encoded, sizeof encoded, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);

  return g_strdup (encoded);
}

char *
ww_hub_password_hash (const char *password, GError **error)
{
  char hash[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (password != NULL, NULL);

  if (crypto_pwhash_str_alg (hash, password, strlen (password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_FAILED, "out of memory while hashing the password");
      return NULL;
    }

  return g_strdup (hash);
}

gboolean
ww_hub_password_verify (const char *hash, const char *password)
{
  if (hash == NULL || password == NULL)
    return FALSE;

  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}
