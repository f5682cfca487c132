-- The sample shop: a small online store's database, portable between H2 2.x and PostgreSQL 15.
-- Statements are separated by semicolons at line ends; SampleShopDatabase runs them in order.
CREATE TABLE categories (
  id INTEGER PRIMARY KEY,
  name VARCHAR(60) NOT NULL UNIQUE,
  description VARCHAR(200)
);
COMMENT ON TABLE categories IS 'Product categories shown in the shop menu';
CREATE TABLE suppliers (
  id INTEGER PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  country VARCHAR(60) NOT NULL,
  contact_email VARCHAR(120)
);
COMMENT ON TABLE suppliers IS 'Companies the shop buys its products from';
CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  sku VARCHAR(20) NOT NULL UNIQUE,
  name VARCHAR(120) NOT NULL,
  category_id INTEGER NOT NULL REFERENCES categories (id),
  supplier_id INTEGER NOT NULL REFERENCES suppliers (id),
  unit_price DECIMAL(10, 2) NOT NULL CHECK (unit_price >= 0),
  stock INTEGER NOT NULL,
  discontinued BOOLEAN NOT NULL
);
COMMENT ON TABLE products IS 'Everything the shop sells';
COMMENT ON COLUMN products.unit_price IS 'Current list price in euros';
COMMENT ON COLUMN products.stock IS 'Units in the warehouse now';
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  email VARCHAR(120) NOT NULL UNIQUE,
  country VARCHAR(60) NOT NULL,
  city VARCHAR(60) NOT NULL,
  segment VARCHAR(20) NOT NULL,
  created_on DATE NOT NULL
);
COMMENT ON TABLE customers IS 'People and companies who have an account';
COMMENT ON COLUMN customers.segment IS 'consumer, small_business or enterprise';
CREATE TABLE employees (
  id INTEGER PRIMARY KEY,
  first_name VARCHAR(60) NOT NULL,
  last_name VARCHAR(60) NOT NULL,
  title VARCHAR(60) NOT NULL,
  manager_id INTEGER REFERENCES employees (id),
  hired_on DATE NOT NULL
);
COMMENT ON TABLE employees IS 'Sales staff; manager_id points to the employee''s manager';
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  employee_id INTEGER NOT NULL REFERENCES employees (id),
  ordered_at TIMESTAMP NOT NULL,
  status VARCHAR(20) NOT NULL,
  shipped_on DATE
);
COMMENT ON TABLE orders IS 'Customer orders; status is placed, shipped, delivered or cancelled';
CREATE TABLE order_items (
  order_id INTEGER NOT NULL REFERENCES orders (id),
  product_id INTEGER NOT NULL REFERENCES products (id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price DECIMAL(10, 2) NOT NULL,
  discount DECIMAL(4, 2) NOT NULL,
  PRIMARY KEY (order_id, product_id)
);
COMMENT ON TABLE order_items IS 'The lines of each order';
COMMENT ON COLUMN order_items.unit_price IS 'Price per unit when the order was placed, in euros';
COMMENT ON COLUMN order_items.discount IS 'Fraction taken off the line, 0.00 to 0.30';
CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders (id),
  paid_at TIMESTAMP NOT NULL,
  amount DECIMAL(10, 2) NOT NULL,
  method VARCHAR(20) NOT NULL
);
COMMENT ON TABLE payments IS 'Money received for orders; method is card, transfer or invoice';
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products (id),
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  body VARCHAR(500) NOT NULL,
  created_on DATE NOT NULL
);
COMMENT ON TABLE reviews IS 'Product reviews written by customers, rated 1 to 5';
CREATE TABLE staff_salaries (
  employee_id INTEGER PRIMARY KEY REFERENCES employees (id),
  salary DECIMAL(10, 2) NOT NULL,
  bank_account VARCHAR(34) NOT NULL
);
COMMENT ON TABLE staff_salaries IS 'Confidential: pay and bank details, never for the assistant';
