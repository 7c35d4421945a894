<?php
return [
  'cacheTimestamp' => 1751446931,
  'version' => '9.3.4',
  'microtimeState' => 1751446931.5
];
