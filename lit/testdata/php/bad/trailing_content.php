<?php
return ['a' => 1];
?>
<html>
