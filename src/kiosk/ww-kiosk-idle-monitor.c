/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Counts the seconds nobody touched the kiosk. After `timeout` seconds it
 * switches to the warning state and counts `warning-time` seconds down in
 * `remaining`; a poke (any input) in that time goes back to active, and at
 * zero it emits ::expired and stops. No GTK here: the window feeds it input
 * and shows the warning.
 *
 * It counts whole ticks of `tick-length` milliseconds rather than arming
 * one long timeout, so the countdown a resident sees and the moment the
 * session ends come from the same clock. Tests shorten the tick.
 */

#include "config.h"

#include "ww-kiosk-idle-monitor.h"

#include "ww-kiosk-enum-types.h"

struct _WwKioskIdleMonitor
{
  GObject parent_instance;

  guint            timeout;
  guint            warning_time;
  guint            tick_length;
  WwKioskIdleState state;
  guint            idle_ticks;
  guint            remaining;
  guint            tick_id;
};

G_DEFINE_FINAL_TYPE (WwKioskIdleMonitor, ww_kiosk_idle_monitor, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_TIMEOUT,
  PROP_WARNING_TIME,
  PROP_TICK_LENGTH,
  PROP_STATE,
  PROP_REMAINING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  EXPIRED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_state (WwKioskIdleMonitor *self, WwKioskIdleState state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_remaining (WwKioskIdleMonitor *self, guint remaining)
{
  if (self->remaining == remaining)
    return;

  self->remaining = remaining;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMAINING]);
}

static gboolean
tick_elapsed_cb (gpointer user_data)
{
  WwKioskIdleMonitor *self = user_data;

  if (self->state == WW_KIOSK_IDLE_STATE_ACTIVE)
    {
      self->idle_ticks++;
      if (self->idle_ticks >= self->timeout)
        {
          set_remaining (self, self->warning_time);
          set_state (self, WW_KIOSK_IDLE_STATE_WARNING);
        }
      return G_SOURCE_CONTINUE;
    }

  if (self->remaining > 1)
    {
      set_remaining (self, self->remaining - 1);
      return G_SOURCE_CONTINUE;
    }

  /* Stop first: a handler of ::expired may start a new visit at once. */
  self->tick_id = 0;
  ww_kiosk_idle_monitor_stop (self);
  g_signal_emit (self, signals[EXPIRED], 0);

  return G_SOURCE_REMOVE;
}

static void
restart_ticks (WwKioskIdleMonitor *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->tick_id = g_timeout_add (self->tick_length, tick_elapsed_cb, self);
  g_source_set_name_by_id (self->tick_id, "[wegwijs] idle tick");
}

static void
ww_kiosk_idle_monitor_dispose (GObject *object)
{
  WwKioskIdleMonitor *self = WW_KIOSK_IDLE_MONITOR (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);

  G_OBJECT_CLASS (ww_kiosk_idle_monitor_parent_class)->dispose (object);
}

static void
ww_kiosk_idle_monitor_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskIdleMonitor *self = WW_KIOSK_IDLE_MONITOR (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_WARNING_TIME:
      g_value_set_uint (value, self->warning_time);
      break;
    case PROP_TICK_LENGTH:
      g_value_set_uint (value, self->tick_length);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_REMAINING:
      g_value_set_uint (value, self->remaining);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_idle_monitor_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskIdleMonitor *self = WW_KIOSK_IDLE_MONITOR (object);
  guint               uint_value;

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      uint_value = g_value_get_uint (value);
      if (self->timeout != uint_value)
        {
          self->timeout = uint_value;
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_WARNING_TIME:
      uint_value = g_value_get_uint (value);
      if (self->warning_time != uint_value)
        {
          self->warning_time = uint_value;
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_TICK_LENGTH:
      uint_value = g_value_get_uint (value);
      if (self->tick_length != uint_value)
        {
          self->tick_length = uint_value;
          if (self->tick_id != 0)
            restart_ticks (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_STATE:
    case PROP_REMAINING:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_idle_monitor_class_init (WwKioskIdleMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ww_kiosk_idle_monitor_dispose;
  object_class->get_property = ww_kiosk_idle_monitor_get_property;
  object_class->set_property = ww_kiosk_idle_monitor_set_property;

  /**
   * WwKioskIdleMonitor:timeout:
   *
   * Ticks (seconds) without input before the warning.
   */
  properties[PROP_TIMEOUT] = g_param_spec_uint ("timeout", NULL, NULL, 1, G_MAXUINT, 90,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * WwKioskIdleMonitor:warning-time:
   *
   * Ticks (seconds) the warning counts down before the visit ends.
   */
  properties[PROP_WARNING_TIME] =
      g_param_spec_uint ("warning-time", NULL, NULL, 1, G_MAXUINT, 20,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * WwKioskIdleMonitor:tick-length:
   *
   * Milliseconds in a tick: 1000 on a kiosk, less in a test.
   */
  properties[PROP_TICK_LENGTH] = g_param_spec_uint (
      "tick-length", NULL, NULL, 1, 60000, 1000, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STATE] =
      g_param_spec_enum ("state", NULL, NULL, WW_TYPE_KIOSK_IDLE_STATE, WW_KIOSK_IDLE_STATE_STOPPED,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * WwKioskIdleMonitor:remaining:
   *
   * Ticks left before the visit ends, while warning.
   */
  properties[PROP_REMAINING] = g_param_spec_uint ("remaining", NULL, NULL, 0, G_MAXUINT, 0,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WwKioskIdleMonitor::expired:
   *
   * The warning ran out without input: the visit is over.
   */
  signals[EXPIRED] =
      g_signal_new ("expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ww_kiosk_idle_monitor_init (WwKioskIdleMonitor *self)
{
  self->timeout = 90;
  self->warning_time = 20;
  self->tick_length = 1000;
}

WwKioskIdleMonitor *
ww_kiosk_idle_monitor_new (void)
{
  return g_object_new (WW_TYPE_KIOSK_IDLE_MONITOR, NULL);
}

/* Starts counting from zero; a running monitor starts over. */
void
ww_kiosk_idle_monitor_start (WwKioskIdleMonitor *self)
{
  g_return_if_fail (WW_IS_KIOSK_IDLE_MONITOR (self));

  self->idle_ticks = 0;
  set_remaining (self, 0);
  set_state (self, WW_KIOSK_IDLE_STATE_ACTIVE);
  restart_ticks (self);
}

void
ww_kiosk_idle_monitor_stop (WwKioskIdleMonitor *self)
{
  g_return_if_fail (WW_IS_KIOSK_IDLE_MONITOR (self));

  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->idle_ticks = 0;
  set_remaining (self, 0);
  set_state (self, WW_KIOSK_IDLE_STATE_STOPPED);
}

/* Someone is there: any input resets the count and ends a warning. Cheap,
 * so it can be called for every event. */
void
ww_kiosk_idle_monitor_poke (WwKioskIdleMonitor *self)
{
  g_return_if_fail (WW_IS_KIOSK_IDLE_MONITOR (self));

  if (self->state == WW_KIOSK_IDLE_STATE_STOPPED)
    return;

  self->idle_ticks = 0;
  if (self->state == WW_KIOSK_IDLE_STATE_WARNING)
    {
      set_remaining (self, 0);
      set_state (self, WW_KIOSK_IDLE_STATE_ACTIVE);
      /* A full first tick again, not the rest of the current one. */
      restart_ticks (self);
    }
}

guint
ww_kiosk_idle_monitor_get_timeout (WwKioskIdleMonitor *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_IDLE_MONITOR (self), 0);

  return self->timeout;
}

guint
ww_kiosk_idle_monitor_get_warning_time (WwKioskIdleMonitor *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_IDLE_MONITOR (self), 0);

  return self->warning_time;
}

WwKioskIdleState
ww_kiosk_idle_monitor_get_state (WwKioskIdleMonitor *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_IDLE_MONITOR (self), WW_KIOSK_IDLE_STATE_STOPPED);

  return self->state;
}

guint
ww_kiosk_idle_monitor_get_remaining (WwKioskIdleMonitor *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_IDLE_MONITOR (self), 0);

  return self->remaining;
}
