-- SPDX-License-Identifier: EUPL-1.2
-- Residents listen privately: when headphones are plugged in, sound goes
-- there and not to the terminal's speakers.
--  * jack headphones: ALSA reports the port as available and ACP switches
--    to it (auto-port / auto-profile);
--  * USB and Bluetooth headsets: a higher session priority than built-in
--    sound makes them the default sink as soon as they appear, and sound
--    goes back to the speakers when they are unplugged.
table.insert(alsa_monitor.rules, {
  matches = { { { "device.name", "matches", "alsa_card.*" } } },
  apply_properties = {
    ["api.acp.auto-port"] = true,
    ["api.acp.auto-profile"] = true,
  },
})
table.insert(alsa_monitor.rules, {
  matches = { { { "node.name", "matches", "alsa_output.usb-*" } } },
  apply_properties = {
    ["priority.session"] = 2000,
    ["priority.driver"] = 2000,
  },
})
