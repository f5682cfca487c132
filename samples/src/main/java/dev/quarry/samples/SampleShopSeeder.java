package dev.quarry.samples;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Random;

/** Inserts the sample shop's generated rows for {@link SampleShopDatabase#create}; one instance per call. */
final class SampleShopSeeder {
  private static final String[] CATEGORIES = {
    "Laptops", "Phones", "Monitors", "Keyboards", "Audio", "Cameras", "Storage", "Networking"};
  private static final String[] COUNTRIES = {
    "Germany", "France", "Netherlands", "Spain", "Italy", "Poland", "Sweden", "Ireland"};
  private static final String[][] CITIES = {
    {"Berlin", "Munich", "Hamburg"}, {"Paris", "Lyon", "Lille"}, {"Amsterdam", "Utrecht", "Rotterdam"},
    {"Madrid", "Valencia", "Seville"}, {"Rome", "Milan", "Turin"}, {"Warsaw", "Krakow", "Gdansk"},
    {"Stockholm", "Malmo", "Uppsala"}, {"Dublin", "Cork", "Galway"}};
  private static final String[] FIRST_NAMES = {
    "Anna", "Ben", "Chloe", "David", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kaja", "Luca",
    "Maya", "Nils", "Olga", "Pavel", "Rosa", "Sven", "Tara", "Umar"};
  private static final String[] LAST_NAMES = {
    "Novak", "Schmidt", "Dubois", "Jansen", "Garcia", "Rossi", "Kowalski", "Lindqvist", "Byrne", "Meyer",
    "Moreau", "de Vries", "Lopez", "Bianchi", "Nowak", "Berg"};
  private static final String[] SEGMENTS = {"consumer", "small_business", "enterprise"};
  private static final String[] STATUSES = {"placed", "shipped", "delivered", "delivered", "cancelled"};
  private static final String[] METHODS = {"card", "transfer", "invoice"};
  private static final String[] REVIEW_WORDS = {
    "Great value", "Stopped working after a month", "Exactly as described", "Arrived late but works",
    "Would buy again", "Too expensive for what it is", "Solid build quality", "Battery life is poor"};
  private static final LocalDate START = LocalDate.of(2024, 1, 1);

  private static final int CUSTOMERS = 200;
  private static final int EMPLOYEES = 15;
  private static final int SUPPLIERS = 12;
  private static final int PRODUCTS = 60;
  private static final int REVIEWS = 400;

  private final Connection connection;
  private final Random random;
  private final BigDecimal[] prices = new BigDecimal[PRODUCTS + 1];

  SampleShopSeeder(Connection connection, Random random) {
    this.connection = connection;
    this.random = random;
  }

  void seed() throws SQLException {
    categories();
    suppliers();
    products();
    customers();
    employees();
    orders();
    reviews();
    salaries();
  }

  private void categories() throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO categories (id, name, description) VALUES (?, ?, ?)")) {
      for (int i = 0; i < CATEGORIES.length; i++) {
        insert.setInt(1, i + 1);
        insert.setString(2, CATEGORIES[i]);
        insert.setString(3, CATEGORIES[i] + " and their accessories");
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private void suppliers() throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO suppliers (id, name, country, contact_email) VALUES (?, ?, ?, ?)")) {
      for (int id = 1; id <= SUPPLIERS; id++) {
        String name = pick(LAST_NAMES) + " " + pick(new String[] {"Electronics", "Trading", "Supply", "GmbH"});
        insert.setInt(1, id);
        insert.setString(2, name);
        insert.setString(3, pick(COUNTRIES));
        insert.setString(4, "sales" + id + "@supplier" + id + ".example");
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private void products() throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO products (id, sku, name,"
        + " category_id, supplier_id, unit_price, stock, discontinued) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int id = 1; id <= PRODUCTS; id++) {
        int category = 1 + (id - 1) % CATEGORIES.length;
        prices[id] = BigDecimal.valueOf(1_000 + random.nextInt(200_000), 2);
        insert.setInt(1, id);
        insert.setString(2, String.format(Locale.ROOT, "SKU-%05d", id * 37));
        insert.setString(3, CATEGORIES[category - 1].replaceAll("s$", "") + " " + pick(new String[] {
            "Pro", "Lite", "Max", "Mini", "Plus", "Air", "One", "S"}) + " " + (id * 7 % 90 + 10));
        insert.setInt(4, category);
        insert.setInt(5, 1 + random.nextInt(SUPPLIERS));
        insert.setBigDecimal(6, prices[id]);
        insert.setInt(7, random.nextInt(500));
        insert.setBoolean(8, random.nextInt(10) == 0);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private void customers() throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, name, email,"
        + " country, city, segment, created_on) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (int id = 1; id <= CUSTOMERS; id++) {
        int country = random.nextInt(COUNTRIES.length);
        String first = pick(FIRST_NAMES);
        String last = pick(LAST_NAMES);
        insert.setInt(1, id);
        insert.setString(2, first + " " + last);
        insert.setString(3, (first + "." + last).toLowerCase(Locale.ROOT).replace(' ', '-') + id
            + "@mail.example");
        insert.setString(4, COUNTRIES[country]);
        insert.setString(5, CITIES[country][random.nextInt(3)]);
        insert.setString(6, pick(SEGMENTS));
        insert.setDate(7, Date.valueOf(START.plusDays(random.nextInt(700))));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private void employees() throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO employees (id, first_name,"
        + " last_name, title, manager_id, hired_on) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (int id = 1; id <= EMPLOYEES; id++) {
        insert.setInt(1, id);
        insert.setString(2, pick(FIRST_NAMES));
        insert.setString(3, pick(LAST_NAMES));
        insert.setString(4, id == 1 ? "Head of Sales" : id <= 4 ? "Sales Manager" : "Sales Representative");
        if (id == 1) {
          insert.setNull(5, Types.INTEGER);
        } else {
          insert.setInt(5, id <= 4 ? 1 : 2 + (id % 3));
        }
        insert.setDate(6, Date.valueOf(LocalDate.of(2018, 3, 1).plusDays(random.nextInt(2_000))));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private void orders() throws SQLException {
    try (PreparedStatement order = connection.prepareStatement("INSERT INTO orders (id, customer_id,"
            + " employee_id, ordered_at, status, shipped_on) VALUES (?, ?, ?, ?, ?, ?)");
        PreparedStatement item = connection.prepareStatement("INSERT INTO order_items (order_id,"
            + " product_id, quantity, unit_price, discount) VALUES (?, ?, ?, ?, ?)");
        PreparedStatement payment = connection.prepareStatement("INSERT INTO payments (id, order_id,"
            + " paid_at, amount, method) VALUES (?, ?, ?, ?, ?)")) {
      int paymentId = 0;
      for (int id = 1; id <= SampleShopDatabase.ORDERS; id++) {
        LocalDateTime orderedAt = START.atStartOfDay().plusMinutes(random.nextInt(700 * 24 * 60));
        String status = pick(STATUSES);
        order.setInt(1, id);
        order.setInt(2, 1 + random.nextInt(CUSTOMERS));
        order.setInt(3, 2 + random.nextInt(EMPLOYEES - 1));
        order.setTimestamp(4, Timestamp.valueOf(orderedAt));
        order.setString(5, status);
        if (status.equals("placed") || status.equals("cancelled")) {
          order.setNull(6, Types.DATE);
        } else {
          order.setDate(6, Date.valueOf(orderedAt.toLocalDate().plusDays(1 + random.nextInt(5))));
        }
        order.addBatch();
        BigDecimal total = BigDecimal.ZERO;
        int lines = 1 + random.nextInt(5);
        int product = 1 + random.nextInt(PRODUCTS);
        for (int line = 0; line < lines; line++) {
          product = 1 + (product + random.nextInt(11)) % PRODUCTS;
          int quantity = 1 + random.nextInt(4);
          BigDecimal discount = BigDecimal.valueOf(random.nextInt(4) * 5L, 2);
          item.setInt(1, id);
          item.setInt(2, product);
          item.setInt(3, quantity);
          item.setBigDecimal(4, prices[product]);
          item.setBigDecimal(5, discount);
          item.addBatch();
          total = total.add(prices[product].multiply(BigDecimal.valueOf(quantity))
              .multiply(BigDecimal.ONE.subtract(discount)));
        }
        if (!status.equals("cancelled")) {
          payment.setInt(1, ++paymentId);
          payment.setInt(2, id);
          payment.setTimestamp(3, Timestamp.valueOf(orderedAt.plusHours(1 + random.nextInt(72))));
          payment.setBigDecimal(4, total.setScale(2, RoundingMode.HALF_UP));
          payment.setString(5, pick(METHODS));
          payment.addBatch();
        }
      }
      order.executeBatch();
      item.executeBatch();
      payment.executeBatch();
    }
  }

  private void reviews() throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO reviews (id, product_id,"
        + " customer_id, rating, body, created_on) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (int id = 1; id <= REVIEWS; id++) {
        int rating = 1 + random.nextInt(5);
        insert.setInt(1, id);
        insert.setInt(2, 1 + random.nextInt(PRODUCTS));
        insert.setInt(3, 1 + random.nextInt(CUSTOMERS));
        insert.setInt(4, rating);
        insert.setString(5, REVIEW_WORDS[(rating * 3 + random.nextInt(3)) % REVIEW_WORDS.length] + ".");
        insert.setDate(6, Date.valueOf(START.plusDays(30 + random.nextInt(700))));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private void salaries() throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO staff_salaries (employee_id, salary, bank_account) VALUES (?, ?, ?)")) {
      for (int id = 1; id <= EMPLOYEES; id++) {
        insert.setInt(1, id);
        insert.setBigDecimal(2, BigDecimal.valueOf(3_000_000 + random.nextInt(6_000_000), 2));
        insert.setString(3, String.format(Locale.ROOT, "DE%02d1000%014d", id, random.nextLong(1L << 46)));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }
}
