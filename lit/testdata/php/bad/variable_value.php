<?php
return [
  'password' => $dbPass,
];
