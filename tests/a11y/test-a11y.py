#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
#
# The kiosk through AT-SPI, the way a screen reader or a switch user meets
# it: in every language every control a resident can act on has a name, and
# a resident gets from the welcome screen to the last step of a service with
# AT-SPI actions alone. Emits TAP.
#
# Runs with Debian's python3 (python3-pyatspi) inside dbus-run-session and
# Xvfb, with the accessibility bus started on demand.
#
# Usage: test-a11y.py KIOSK-BINARY

import gettext
import json
import os
import re
import subprocess
import sys
import time

# Warnings are fatal for the kiosk, not for this client: libatspi warns
# when it asks an application for its tree before the tree is up.
KIOSK_G_DEBUG = os.environ.pop('G_DEBUG', None)

import pyatspi  # noqa: E402 (after G_DEBUG is gone)

KIOSK = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('WEGWIJS_KIOSK')
CATALOG_DIR = os.environ['WEGWIJS_CATALOG_DIR']
LOCALE_DIR = os.environ['WEGWIJS_LOCALEDIR']
LANGUAGES = os.environ.get('WW_A11Y_LANGUAGES', 'nl en ar tr pl uk').split()
# Slower builds (sanitizers) get more time to answer.
PATIENCE = float(os.environ.get('WW_A11Y_PATIENCE', '1'))
NATIVE = {'nl': 'Nederlands', 'en': 'English', 'ar': 'العربية', 'tr': 'Türkçe', 'pl': 'Polski', 'uk': 'Українська'}
CATEGORY, SERVICE = 'documenten', 'paspoort'

ACTIONABLE = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX, pyatspi.ROLE_RADIO_BUTTON,
    pyatspi.ROLE_ENTRY, pyatspi.ROLE_TEXT, pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_LINK, pyatspi.ROLE_MENU_ITEM,
    pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_SLIDER, pyatspi.ROLE_SWITCH
    if hasattr(pyatspi, 'ROLE_SWITCH') else pyatspi.ROLE_TOGGLE_BUTTON,
}
# GTK names an unlabelled widget after its type: that is no name at all.
TYPE_NAME = re.compile(r'^(Gtk|Adw|Ww)[A-Z]\w*$')

results = []


def tap(ok, description, detail=None):
    results.append((ok, description, detail))
    number = len(results)
    print('%s %d - %s' % ('ok' if ok else 'not ok', number, description), flush=True)
    if detail and not ok:
        for line in str(detail).splitlines():
            print('#   ' + line, flush=True)


def translator(language):
    return gettext.translation('wegwijs', LOCALE_DIR, languages=[language], fallback=True).gettext


def catalog_text(obj, language):
    return obj.get(language) or obj.get('nl') or obj.get('en')


def load_catalog():
    with open(os.path.join(CATALOG_DIR, 'catalog.json'), encoding='utf-8') as f:
        catalog = json.load(f)
    with open(os.path.join(CATALOG_DIR, SERVICE + '.json'), encoding='utf-8') as f:
        service = json.load(f)
    category = next(c for c in catalog['categories'] if c['id'] == CATEGORY)
    return category, service


def find_app(pid, timeout=30):
    end = time.time() + timeout * PATIENCE
    while time.time() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            try:
                # Other suites' kiosks may be on the same bus.
                if app is not None and app.name == 'wegwijs-kiosk' and app.get_process_id() == pid:
                    return app
            except Exception:
                pass
        time.sleep(0.2)
    raise RuntimeError('the kiosk never appeared on the accessibility bus')


def state(node, which):
    try:
        return node.getState().contains(which)
    except Exception:
        return False


def visible_nodes(node, depth=0):
    """The nodes a resident can perceive, recursively. GTK 4.8 sets no
    SHOWING state below the window, so VISIBLE has to do."""
    try:
        children = list(node)
    except Exception:
        return
    for child in children:
        if child is None:
            continue
        if not state(child, pyatspi.STATE_VISIBLE):
            continue
        yield child
        yield from visible_nodes(child, depth + 1)


def actions(node):
    try:
        action = node.queryAction()
        return [action.getName(i) for i in range(action.nActions)]
    except Exception:
        return []


def describe(node):
    try:
        return '%s %r' % (node.getRoleName(), node.name)
    except Exception:
        return '?'


def unnamed_controls(app):
    missing = []
    for node in visible_nodes(app):
        try:
            role = node.getRole()
            name = (node.name or '').strip()
        except Exception:
            continue
        if role in ACTIONABLE and (not name or TYPE_NAME.match(name)):
            missing.append(describe(node))
    return missing


def find_control(app, name, roles=(pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON), timeout=10):
    end = time.time() + timeout * PATIENCE
    while time.time() < end:
        for node in visible_nodes(app):
            try:
                if node.getRole() in roles and node.name == name:
                    return node
            except Exception:
                pass
        time.sleep(0.2)
    return None


TEXT_ROLES = {pyatspi.ROLE_LABEL, pyatspi.ROLE_HEADING, pyatspi.ROLE_STATIC}


def find_label(app, text, timeout=10):
    return find_control(app, text, roles=TEXT_ROLES, timeout=timeout)


def press(node):
    """Acts on a control the way a screen reader or a switch does."""
    action = node.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    for wanted in ('click', 'press', 'activate'):
        if wanted in names:
            return action.doAction(names.index(wanted))
    return action.doAction(0)


def settle():
    time.sleep(0.6 * PATIENCE)


def check_names(app, language, screen):
    missing = unnamed_controls(app)
    tap(not missing, '%s: every control on the %s screen has a name' % (language, screen), '\n'.join(missing))


def walk_to_last_step(app, language, category, service):
    _ = translator(language)
    steps = service['steps']

    welcome = find_control(app, _('Touch the screen to start'))
    if welcome is None:
        # The welcome screen speaks the kiosk's default language.
        welcome = find_control(app, translator('nl')('Touch the screen to start'))
    if welcome is None:
        return False, 'no welcome button'
    check_names(app, language, 'welcome')
    press(welcome)
    settle()

    choice = find_control(app, NATIVE[language])
    if choice is None:
        return False, 'no button for %s on the language screen' % NATIVE[language]
    check_names(app, language, 'language')
    press(choice)
    settle()

    tile = find_control(app, catalog_text(category['title'], language))
    if tile is None:
        return False, 'no tile for the category %r' % catalog_text(category['title'], language)
    check_names(app, language, 'home')
    press(tile)
    settle()

    tile = find_control(app, catalog_text(service['title'], language))
    if tile is None:
        return False, 'no tile for the service %r' % catalog_text(service['title'], language)
    check_names(app, language, 'category')
    press(tile)
    settle()

    start = find_control(app, _('Start with step 1'))
    if start is None:
        return False, 'no "Start with step 1" button'
    check_names(app, language, 'service')
    press(start)
    settle()

    for number in range(1, len(steps) + 1):
        title = catalog_text(steps[number - 1]['title'], language)
        if find_label(app, title) is None:
            return False, 'step %d (%r) did not appear' % (number, title)
        if find_label(app, _('Step %u of %u') % (number, len(steps))) is None:
            return False, 'no "Step %d of %d" on the screen' % (number, len(steps))
        if number == 1:
            check_names(app, language, 'step')
            # Only what is on screen: not the screens left behind, not the
            # keyboard that is closed.
            left_behind = [catalog_text(category['title'], language), _('Start with step 1'), 'q',
                           _('Touch the screen to start')]
            shown = [name for name in left_behind if find_control(app, name, timeout=0.1) is not None]
            tap(not shown, '%s: assistive technology sees only the screen on show' % language,
                'also exposed: %r' % shown)
        if number < len(steps):
            press(find_control(app, _('Next')))
            settle()

    stop = find_control(app, _('Stop and clear my visit'))
    if stop is None:
        return False, 'no Stop button'
    press(stop)
    settle()
    return True, None


def main():
    category, service = load_catalog()
    env = dict(os.environ)
    if KIOSK_G_DEBUG is not None:
        env['G_DEBUG'] = KIOSK_G_DEBUG
    env.pop('NO_AT_BRIDGE', None)
    env.pop('GTK_A11Y', None)
    kiosk = subprocess.Popen([KIOSK], env=env)
    try:
        app = find_app(kiosk.pid)
        tap(True, 'the kiosk is on the accessibility bus')
        for language in LANGUAGES:
            ok, why = walk_to_last_step(app, language, category, service)
            tap(ok, '%s: from the welcome screen to the last step with AT-SPI actions alone' % language, why)
            if not ok:
                # Start the next language from the welcome screen all the same.
                for name in {translator(language)('Stop and clear my visit'),
                             translator('nl')('Stop and clear my visit')}:
                    stop = find_control(app, name, timeout=2)
                    if stop is not None:
                        press(stop)
                        settle()
                        break
    except Exception as error:
        tap(False, 'the accessibility test ran to its end', repr(error))
    finally:
        # A kiosk session is stopped with SIGTERM: the kiosk ends the visit
        # and quits cleanly (under AddressSanitizer, also without leaks).
        kiosk.terminate()
        try:
            status = kiosk.wait(60)
            tap(status == 0, 'the kiosk quits cleanly on SIGTERM', 'exit status %d' % status)
        except subprocess.TimeoutExpired:
            kiosk.kill()
            tap(False, 'the kiosk quits cleanly on SIGTERM', 'still running after 60 s')

    print('1..%d' % len(results), flush=True)
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == '__main__':
    sys.exit(main())
