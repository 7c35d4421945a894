<?php
return [
  'a' => 1
]
