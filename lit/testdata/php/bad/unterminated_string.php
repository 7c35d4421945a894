<?php
return [
  'password' => 'secret-value-never-quoted,
];
