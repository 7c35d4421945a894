<?php
return [
  'oidcFallback' => false
];
