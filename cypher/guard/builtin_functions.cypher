// The names of the built-in functions: any other function in an analyst's plan is refused.
SHOW FUNCTIONS YIELD name, isBuiltIn
WHERE isBuiltIn
RETURN collect(toLower(name)) AS names
