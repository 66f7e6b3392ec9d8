<?php
// An empty stand-in for PEAR's Net_IPv6, which pfSense's util.inc loads; see upgrade-check.php.
class Net_IPv6 {}
