<?php
return [
  'cryptKey' => 'CANARYcryptKeyZ9y8x7w6v5u4t3s2',
  'passwordSalt' => CANARYsaltQ7w8e9r0t1y2,
];
