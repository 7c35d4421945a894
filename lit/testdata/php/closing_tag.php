<?php
return [
  'a' => 1,
  'b' => 'x?>y', // a string may hold the tag
  'c' => 2,
]; // this comment ends at the closing tag ?>
