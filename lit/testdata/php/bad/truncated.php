<?php
return [
  'a' => [
    'b' => 1,
