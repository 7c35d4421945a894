<?php
return include __DIR__ . '/config-defaults.php';
