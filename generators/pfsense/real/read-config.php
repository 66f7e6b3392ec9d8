<?php
// Reads a config.xml the way pfSense's config loader does, to check what pfSense would see:
// PHP's xml parser (the one pfSense uses), list elements collected into arrays, any other
// repeated element an error, character data trimmed of tabs and line breaks and decoded
// with html_entity_decode(ENT_XML1). Written for Homelabeazy's tests from pfSense's
// documented behaviour; prints the parsed tree as JSON.
$lists = array_flip(['alias', 'dnsserver', 'gateway_item', 'group', 'hosts', 'item', 'member',
	'priv', 'rule', 'staticmap', 'user', 'vlan']);
$root = [];
$stack = [[&$root, null]];
$text = [];
$parser = xml_parser_create();
xml_parser_set_option($parser, XML_OPTION_CASE_FOLDING, 0);
xml_set_element_handler($parser,
	function ($p, $name) use (&$stack, &$text, $lists) {
		$parent = &$stack[count($stack) - 1][0];
		if (isset($lists[$name])) {
			$parent[$name][] = [];
			$node = &$parent[$name][count($parent[$name]) - 1];
		} else {
			if (is_array($parent) && array_key_exists($name, $parent)) {
				fwrite(STDERR, "$name at line " . xml_get_current_line_number($p) . " cannot occur more than once\n");
				exit(2);
			}
			$parent[$name] = [];
			$node = &$parent[$name];
		}
		$stack[] = [&$node, $name];
		$text[] = null;
	},
	function ($p, $name) use (&$stack, &$text) {
		$t = array_pop($text);
		$top = array_pop($stack);
		if ($t !== null || $top[0] === []) {
			$top[0] = $t ?? '';
		}
	});
xml_set_character_data_handler($parser, function ($p, $data) use (&$text) {
	$data = trim($data, "\t\n\r");
	if ($data === '') return;
	$i = count($text) - 1;
	$text[$i] = ($text[$i] ?? '') . html_entity_decode($data, ENT_QUOTES | ENT_SUBSTITUTE | ENT_XML1);
});
if (!xml_parse($parser, file_get_contents('php://stdin'), true)) {
	fwrite(STDERR, xml_error_string(xml_get_error_code($parser)) . ' at line ' . xml_get_current_line_number($parser) . "\n");
	exit(1);
}
echo json_encode($root, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
