<?php
// Loads a config.xml the way a pfSense release does when it boots after a restore, with that
// release's own code: its reader (xmlparse.inc, parse_xml_config) and its config upgrade steps
// (upgrade_config.inc), run from the declared <version> (or from argv[3]) up to the release's
// latest_config (globals.inc), then additional_config_upgrade(). Prints JSON: the release's
// latest_config, the declared version, the steps run and every path whose value they changed.
// Exits 1 when the file cannot be read or the version is newer than the release knows.
//
// Usage: php upgrade-check.php <dir with pfSense's src/etc/inc> <config.xml> [from-version [to-version]]
// Written for Homelabeazy's tests; none of pfSense's code is in this file. pfSense's files are
// read from a checkout at test time.

[$self, $inc, $file] = $argv;
$from = ($argv[3] ?? '') === '' ? null : $argv[3];
// util.inc loads PEAR's Net_IPv6, which the upgrade steps run here do not use; stubs.php beside
// the checkout's files provides an empty stand-in, and the guarded requires of
// upgrade_config.inc (rrd.inc, shaper.inc, pfsense-utils.inc) are satisfied by functions that
// throw, so a step that needs them fails loudly instead of passing silently.
set_include_path($inc . PATH_SEPARATOR . __DIR__ . '/stubs' . PATH_SEPARATOR . get_include_path());
date_default_timezone_set('UTC');
error_reporting(E_ALL & ~E_WARNING & ~E_NOTICE & ~E_DEPRECATED);
foreach (['dump_rrd_to_xml', 'read_altq_config', 'console_configure'] as $f) {
	eval("function $f() { throw new Exception('upgrade step needs $f(), which this check does not load'); }");
}
if (!function_exists('mb_strlen')) {
	// Without php-mbstring: the length in UTF-8 characters, as mb_strlen gives it.
	function mb_strlen($s, $encoding = null) { return preg_match_all('/./us', (string)$s); }
}
require_once('globals.inc');
require_once('xmlparse.inc');
require_once('config.lib.inc');
require_once('util.inc');
require_once('upgrade_config.inc');

try {
	$config = parse_xml_config($file, ['pfsense']);
} catch (Throwable $e) {
	fwrite(STDERR, 'pfSense cannot read the file: ' . trim($e->getMessage()) . "\n");
	exit(1);
}
if (!is_array($config)) {
	fwrite(STDERR, "pfSense cannot read the file (parse_xml_config returned $config)\n");
	exit(1);
}
$latest = g_get('latest_config');
$to = $argv[4] ?? $latest;
$declared = $config['version'] ?? '';
if ($from !== null) {
	$config['version'] = $from;
}
$before = $config;
if ($config['version'] > $latest) {
	echo json_encode(['latest_config' => $latest, 'declared' => $declared, 'error' => 'newer than the release'], JSON_UNESCAPED_SLASHES), "\n";
	exit(1);
}

// The loop of convert_config() (config.lib.inc): upgrade_<cur>_to_<next>() and its _custom
// variant, one tenth of a version at a time, then the step every load runs.
$steps = [];
try {
	while ($config['version'] < $to) {
		$cur = $config['version'] * 10;
		$next = $cur + 1;
		foreach (['', '_custom'] as $suffix) {
			$fn = sprintf('upgrade_%03d_to_%03d', $cur, $next) . $suffix;
			if (function_exists($fn)) {
				$fn();
				$steps[] = $fn;
			}
		}
		$config['version'] = sprintf('%.1f', $next / 10);
	}
	if (function_exists('additional_config_upgrade')) {
		additional_config_upgrade();
		$steps[] = 'additional_config_upgrade';
	}
} catch (Throwable $e) {
	echo json_encode(['latest_config' => $latest, 'declared' => $declared, 'steps' => $steps, 'error' => $e->getMessage()], JSON_UNESCAPED_SLASHES), "\n";
	exit(1);
}

function changes($a, $b, string $path, array &$out): void {
	if (is_array($a) && is_array($b)) {
		foreach (array_unique(array_merge(array_keys($a), array_keys($b))) as $k) {
			changes($a[$k] ?? null, $b[$k] ?? null, $path === '' ? (string)$k : "$path/$k", $out);
		}
	} elseif ($a !== $b) {
		$out[] = $path;
	}
}
$changed = [];
unset($before['version'], $config['version']);
changes($before, $config, '', $changed);
echo json_encode(['latest_config' => $latest, 'declared' => $declared, 'steps' => $steps, 'changed' => $changed], JSON_UNESCAPED_SLASHES), "\n";
