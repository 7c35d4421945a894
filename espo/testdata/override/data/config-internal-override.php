<?php
return [
  'logger' => ['level' => 'DEBUG'],
];
