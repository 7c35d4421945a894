<?php
return [
  'cacheTimestamp' => 1751446931,
  'version' => '10.0.0',
  'microtimeState' => 1751446931.5
];
