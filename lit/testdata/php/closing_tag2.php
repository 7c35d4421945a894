<?PHP
RETURN [ 'upper' => 'case keywords', 'array' => Array( 1 ) ]
?>

